import { defineConfig } from 'vitest/config';

// Unit tests of browser-side helpers; the Remix plugin is for the app build only.
export default defineConfig({ test: { include: ['app/**/*.test.ts'] } });
