import { vitePlugin as remix } from '@remix-run/dev';
import { defineConfig } from 'vite';

declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true;
  }
}

// Server-only workspace packages stay external in the server bundle: the server process loads
// them once and passes its live services in through the load context.
const SERVER_ONLY = /^(@jixiao\/(core|db|auth|collab)|better-sqlite3|pg|better-auth|kysely)(\/|$)/;

export default defineConfig(({ isSsrBuild }) => ({
  plugins: [
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
