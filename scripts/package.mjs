// `npm run package`: release/voucher-wallet-<version>.zip of dist/, ready to load unpacked or upload to a store.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';

execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
const manifest = JSON.parse(readFileSync('dist/manifest.json', 'utf8'));
const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
if (manifest.version !== version) {
  throw new Error(`manifest version ${manifest.version} differs from package.json ${version}`);
}
mkdirSync('release', { recursive: true });
const zip = resolve(`release/voucher-wallet-${version}.zip`);
if (existsSync(zip)) rmSync(zip);
// Python's zipfile is on every machine that builds this project (node-gyp needs it).
execFileSync('python3', ['-c', `
import os, sys, zipfile
root = 'dist'
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as archive:
    for folder, _, files in os.walk(root):
        for name in sorted(files):
            path = os.path.join(folder, name)
            archive.write(path, os.path.relpath(path, root))
`, zip], { stdio: 'inherit' });
console.log(zip);
