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
    rolldownOptions: {
      // viem reaches some code paths through dynamic import(), which throws in an
      // extension service worker; one chunk per entry keeps every import static.
      output: { codeSplitting: false },
    },
  },
  server: { port: 5173, strictPort: true, hmr: { port: 5173 } },
});
