// `npm run package`: release/voucher-wallet-<version>.zip of dist/ (Chromium: load unpacked or upload to
// the Chrome Web Store) and release/voucher-wallet-<version>-firefox.zip of dist-firefox/ (Firefox:
// load as a temporary add-on or upload to addons.mozilla.org), both built from the same sources.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
const builds = [
  { outDir: 'dist', mode: 'production', zip: `release/voucher-wallet-${version}.zip` },
  { outDir: 'dist-firefox', mode: 'firefox', zip: `release/voucher-wallet-${version}-firefox.zip` },
];
mkdirSync('release', { recursive: true });
for (const { outDir, mode, zip: zipPath } of builds) {
  execFileSync('npx', ['vite', 'build', '--mode', mode, '--logLevel', 'warn'], { stdio: 'inherit' });
  const manifest = JSON.parse(readFileSync(`${outDir}/manifest.json`, 'utf8'));
  if (manifest.version !== version) {
    throw new Error(`${outDir}: manifest version ${manifest.version} differs from package.json ${version}`);
  }
  const zip = resolve(zipPath);
  if (existsSync(zip)) rmSync(zip);
  // Python's zipfile is on every machine that builds this project (node-gyp needs it).
  execFileSync('python3', ['-c', `
import os, sys, zipfile
root = sys.argv[2]
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as archive:
    for folder, _, files in os.walk(root):
        for name in sorted(files):
            path = os.path.join(folder, name)
            archive.write(path, os.path.relpath(path, root))
`, zip, outDir], { stdio: 'inherit' });
  console.log(zip);
}
