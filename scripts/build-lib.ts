/**
 * `npm run build:lib`: the library an API developer or a Node client installs, into lib/:
 * JavaScript bundled per entry by esbuild (shared modules split into chunks, so every entry sees
 * the same classes and registries; packages stay imports), and declarations by tsc, their
 * relative imports rewritten to the .js paths Node's ESM resolution needs.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { build } from 'esbuild';

/** Output path (without extension) → source; package.json `exports` names the same paths. */
export const LIB_ENTRIES: Record<string, string> = {
  'protocol/index': 'src/protocol/index.ts',
  'payer/index': 'src/payer/index.ts',
  'engine/index': 'src/engine/index.ts',
  'engine/sql/index': 'src/engine/sql/index.ts',
  'paywall/index': 'src/paywall/index.ts',
  'paywall/adapters/node-http': 'src/paywall/adapters/node-http.ts',
  'paywall/adapters/express': 'src/paywall/adapters/express.ts',
  'paywall/adapters/hono': 'src/paywall/adapters/hono.ts',
};

const LIB = resolve('lib');

function declarationFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return declarationFiles(path);
    return path.endsWith('.d.ts') ? [path] : [];
  });
}

/** `'../protocol'` → `'../protocol/index.js'`, `'./terms'` → `'./terms.js'`, by what tsc emitted. */
function withJsExtensions(file: string, text: string): string {
  return text.replace(/((?:from|import)\s*\(?\s*')(\.{1,2}\/[^']*)(')/g, (whole, before: string, specifier: string, after: string) => {
    const target = resolve(dirname(file), specifier);
    if (existsSync(`${target}.d.ts`)) return `${before}${specifier}.js${after}`;
    if (existsSync(join(target, 'index.d.ts'))) return `${before}${specifier.replace(/\/$/, '')}/index.js${after}`;
    return whole;
  });
}

rmSync(LIB, { recursive: true, force: true });
await build({
  entryPoints: Object.fromEntries(Object.entries(LIB_ENTRIES).map(([out, source]) => [out, resolve(source)])),
  outdir: LIB,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
});
execFileSync(process.execPath, [resolve('node_modules/typescript/bin/tsc'), '-p', 'tsconfig.lib.json'], { stdio: 'inherit' });
for (const file of declarationFiles(LIB)) writeFileSync(file, withJsExtensions(file, readFileSync(file, 'utf8')));
