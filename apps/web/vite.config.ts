import { vitePlugin as remix } from '@remix-run/dev';
import { writeFileSync } from 'node:fs';
import { type Plugin, defineConfig } from 'vite';

declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true;
  }
}

// Server-only workspace packages stay external in the server bundle: the server process loads
// them once and passes its live services in through the load context.
const SERVER_ONLY = /^(@jixiao\/(core|db|auth|collab)|better-sqlite3|pg|better-auth|kysely)(\/|$)/;

/**
 * `vite build --mode stats` (or `pnpm run build:stats`): writes build/bundle-stats.txt, every
 * client chunk with its largest modules (rendered bytes, before compression), to see what
 * dominates a route's JavaScript.
 */
function bundleStats(): Plugin {
  return {
    name: 'jixiao-bundle-stats',
    apply: (_config, env) => env.mode === 'stats' && !env.isSsrBuild,
    generateBundle(_options, bundle) {
      const lines: string[] = [];
      const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
      chunks.sort((a, b) => b.code.length - a.code.length);
      for (const chunk of chunks) {
        lines.push(`${chunk.fileName}  ${(chunk.code.length / 1024).toFixed(1)} KiB`);
        const modules = Object.entries(chunk.modules).sort((a, b) => b[1].renderedLength - a[1].renderedLength);
        for (const [id, m] of modules.slice(0, 25)) {
          if (m.renderedLength > 0) lines.push(`    ${(m.renderedLength / 1024).toFixed(1).padStart(7)} KiB  ${id.replace(/^.*node_modules\//, '')}`);
        }
      }
      writeFileSync(new URL('./build/bundle-stats.txt', import.meta.url), `${lines.join('\n')}\n`);
    },
  };
}

export default defineConfig(({ isSsrBuild }) => ({
  plugins: [
    bundleStats(),
    remix({
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
        v3_routeConfig: true,
      },
    }),
  ],
  optimizeDeps: { include: ['yjs', 'y-websocket', 'y-protocols/awareness'] },
  ssr: { noExternal: ['antd', '@ant-design/icons'] },
  build: {
    chunkSizeWarningLimit: 2000,
    rollupOptions: isSsrBuild ? { external: (id: string) => SERVER_ONLY.test(id) } : {},
  },
}));
