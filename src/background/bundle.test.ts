import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const DIST = join(import.meta.dirname, '../../dist');
const DIST_FIREFOX = join(import.meta.dirname, '../../dist-firefox');
const built = existsSync(join(DIST, 'manifest.json'));
const builtForFirefox = built && existsSync(join(DIST_FIREFOX, 'manifest.json'));
if (!built) console.warn('bundle.test: no dist/ — run `npx vite build` to check the built extension');
if (!builtForFirefox) console.warn('bundle.test: no dist-firefox/ — run `npm run build:firefox` to compare the two builds');

function filesUnder(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
    .sort();
}

/** A string of webextension-polyfill's own code (its guard outside an extension). */
const POLYFILL_MARK = 'This script should only be loaded in a browser extension.';

/** The worker's JS: the loader and every file it statically imports. */
function workerFiles(): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(join(DIST, file), 'utf8');
    for (const match of source.matchAll(/(?:import|from)\s*["']\.?\/?([^"']+\.js)["']/g)) {
      const target = file.includes('/') ? join(file, '..', match[1]!.replace(/^\.\//, '')) : match[1]!;
      visit(target.replace(/^\.\//, ''));
    }
  };
  const manifest = JSON.parse(readFileSync(join(DIST, 'manifest.json'), 'utf8'));
  visit(manifest.background.service_worker);
  return [...seen];
}

// Under CI the build runs first (scripts/test-all.ts), so a missing dist/ fails instead of skipping.
describe.skipIf(!built && !process.env.CI)('built extension', () => {
  it('the service worker has no dynamic import(), which throws in an extension service worker', () => {
    const files = workerFiles();
    expect(files.length).toBeGreaterThan(1);
    for (const file of files) {
      const source = readFileSync(join(DIST, file), 'utf8');
      expect(source.match(/(?<![\w$.])import\s*\(/g), file).toBeNull();
    }
  });

  it('the MAIN-world script is under 5 KB gzip and carries no viem and no extension API polyfill', () => {
    const source = readFileSync(join(DIST, 'src/content/fetch-wrapper.iife.js'));
    expect(source.length).toBeGreaterThan(1000);
    expect(gzipSync(source).length).toBeLessThan(5 * 1024);
    expect(source.toString()).not.toMatch(/secp256k1|keccak/i);
    // It talks to no extension API; webextension-polyfill would also throw in the page world.
    expect(source.toString()).not.toContain(POLYFILL_MARK);
  });

  it('the isolated-world bridge and the worker reach the extension APIs through webextension-polyfill', () => {
    expect(readFileSync(join(DIST, 'src/content/bridge.iife.js'), 'utf8')).toContain(POLYFILL_MARK);
    expect(workerFiles().some((file) => readFileSync(join(DIST, file), 'utf8').includes(POLYFILL_MARK))).toBe(true);
  });

  it('content scripts are classic scripts (run at document_start before page scripts) and expose no resources', () => {
    const manifest = JSON.parse(readFileSync(join(DIST, 'manifest.json'), 'utf8'));
    for (const script of manifest.content_scripts) {
      for (const file of script.js) {
        expect(file).toMatch(/\.iife\.js$/);
        expect(readFileSync(join(DIST, file), 'utf8')).not.toMatch(/(?<![\w$.])import\s*\(/);
      }
    }
    expect(manifest.web_accessible_resources).toBeUndefined();
  });

  it('extension pages run only the package\'s own scripts (a strict content_security_policy)', () => {
    const manifest = JSON.parse(readFileSync(join(DIST, 'manifest.json'), 'utf8'));
    const policy = Object.fromEntries(
      String(manifest.content_security_policy?.extension_pages ?? '')
        .split(';')
        .map((part) => part.trim().split(/\s+/))
        .filter((words) => words[0])
        .map(([name, ...values]) => [name, values]),
    );
    expect(policy['script-src']).toEqual(["'self'"]);
    expect(policy['object-src']).toEqual(["'none'"]);
    expect(policy['base-uri']).toEqual(["'none'"]);
    expect(policy['frame-ancestors']).toEqual(["'none'"]);
  });
});


describe.skipIf(!builtForFirefox && !process.env.CI)('the Firefox build', () => {
  it('is the same code as the Chromium build: only the manifest differs', () => {
    const files = filesUnder(DIST);
    expect(filesUnder(DIST_FIREFOX)).toEqual(files);
    for (const file of files.filter((name) => name !== 'manifest.json')) {
      expect(readFileSync(join(DIST_FIREFOX, file)).equals(readFileSync(join(DIST, file))), file).toBe(true);
    }
  });

  it('starts the worker file as a background script', () => {
    const chromium = JSON.parse(readFileSync(join(DIST, 'manifest.json'), 'utf8'));
    const firefox = JSON.parse(readFileSync(join(DIST_FIREFOX, 'manifest.json'), 'utf8'));
    expect(firefox.background).toEqual({ scripts: [chromium.background.service_worker], type: 'module' });
    expect(firefox.browser_specific_settings.gecko.strict_min_version).toBe('128.0');
  });
});
