import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';

/** The page bundles the browser benchmarks load, as IIFE source text. */
export interface PageBundles {
  /** window.benchSigner: viem + the protocol's voucher signing. */
  signer: string;
  /** window.benchStore: the real IndexedDB transaction store and the record generator. */
  store: string;
}

const ENTRIES = {
  signer: { entry: 'bench/browser/page/signer.ts', global: 'benchSigner' },
  store: { entry: 'bench/browser/page/store-kit.ts', global: 'benchStore' },
} as const;

/**
 * Builds each page entry with vite's library mode into a temporary directory. No project config
 * is loaded (configFile: false): these are plain script bundles, not the extension build.
 */
export async function buildPageBundles(): Promise<PageBundles> {
  const outDir = await mkdtemp(join(tmpdir(), 'bench-bundles-'));
  const out: Partial<PageBundles> = {};
  for (const [key, { entry, global }] of Object.entries(ENTRIES) as [keyof PageBundles, (typeof ENTRIES)[keyof PageBundles]][]) {
    await build({
      configFile: false,
      logLevel: 'warn',
      build: {
        outDir: join(outDir, key),
        emptyOutDir: true,
        target: 'es2022',
        minify: true,
        lib: { entry: resolve(entry), name: global, formats: ['iife'], fileName: () => `${key}.js` },
      },
    });
    out[key] = await readFile(join(outDir, key, `${key}.js`), 'utf8');
  }
  return out as PageBundles;
}
