import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { crx } from '@crxjs/vite-plugin';
import manifest from './manifest.json' with { type: 'json' };
import { manifestFor, outDirFor, type ChromiumManifest, type Target } from './scripts/lib/manifests';

// `vite build` builds for Chromium into dist/; `vite build --mode firefox` (npm run build:firefox)
// builds the same sources into dist-firefox/ with the manifest derived for Firefox.
export default defineConfig(({ mode }) => {
  const target: Target = mode === 'firefox' ? 'firefox' : 'chromium';
  return {
    plugins: [
      react(),
      crx({ manifest: manifestFor(target, manifest as ChromiumManifest) as never, browser: target === 'firefox' ? 'firefox' : 'chrome' }),
    ],
    build: {
      outDir: outDirFor(target),
      emptyOutDir: true,
      target: 'es2022',
      // Chunks are split, so the popup loads its lazy screens (onboarding, key export) on demand.
      // The service worker must not: import() throws in an extension service worker. viem's
      // import() targets are modules the worker already imports statically, so they land in the
      // worker's own chunk and become Promise.resolve(); src/background/bundle.test.ts fails the
      // build's check if a real import() ever reaches the worker's files.
    },
    server: { port: 5173, strictPort: true, hmr: { port: 5173 } },
  };
});
