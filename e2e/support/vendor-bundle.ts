import { build } from 'esbuild';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { join, resolve } from 'node:path';

const OUT_DIR = resolve('test-results/.vendor-bundle');
let bundling: Promise<string> | undefined;

/**
 * The mock vendor as one ES module (our sources bundled, packages left to node_modules). Starting
 * it skips tsx's per-file transform, which on a busy 2-core machine took the vendor's start past
 * 30 s. Built once per test-worker process, written under a unique name and renamed into place so
 * two workers building at once never read a half-written file.
 */
export function vendorBundle(): Promise<string> {
  bundling ??= (async () => {
    mkdirSync(OUT_DIR, { recursive: true });
    const target = join(OUT_DIR, 'main.mjs');
    const temporary = join(OUT_DIR, `main.${process.pid}.${Date.now()}.mjs`);
    await build({
      entryPoints: [resolve('src/mock-vendor/main.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      target: 'node20',
      outfile: temporary,
      logLevel: 'warning',
    });
    renameSync(temporary, target);
    if (!existsSync(target)) throw new Error('vendor bundle missing after build');
    return target;
  })();
  return bundling;
}
