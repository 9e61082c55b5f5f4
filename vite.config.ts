import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { crx } from '@crxjs/vite-plugin';
import manifest from './manifest.json' with { type: 'json' };

export default defineConfig({
  plugins: [react(), crx({ manifest })],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Chunks are split, so the popup loads its lazy screens (onboarding, key export) on demand.
    // The service worker must not: import() throws in an extension service worker. viem's
    // import() targets are modules the worker already imports statically, so they land in the
    // worker's own chunk and become Promise.resolve(); src/background/bundle.test.ts fails the
    // build's check if a real import() ever reaches the worker's files.
  },
  server: { port: 5173, strictPort: true, hmr: { port: 5173 } },
});
