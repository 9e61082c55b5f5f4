/**
 * `npm start`: builds the extension, starts the mock vendor in demo mode, and opens Chromium
 * with the extension loaded on the vendor's demo page. Without a display it says so and
 * prints how to load dist/ by hand; the vendor keeps running until Ctrl-C.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium } from '@playwright/test';
import { extensionArgs, findChromium } from './lib/chromium';

const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const vendor = spawn(process.execPath, ['--import', 'tsx', 'src/mock-vendor/main.ts', '--demo', ...process.argv.slice(2)], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const stop = () => vendor.kill('SIGTERM');
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
vendor.on('exit', (code) => process.exit(code ?? 0));

const url = await new Promise<string>((resolveUrl) => {
  createInterface({ input: vendor.stdout! }).on('line', (line) => {
    console.log(line);
    try {
      const info = JSON.parse(line) as { url?: string };
      if (info.url) resolveUrl(info.url);
    } catch {
      // an ordinary log line
    }
  });
});

const dist = resolve('dist');
if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  console.log(`
No display found, so no browser window was opened. The mock vendor runs at ${url}
To try the wallet: open chrome://extensions in Chromium, turn on Developer mode,
"Load unpacked" and choose ${dist}, then open ${url} . Ctrl-C stops the vendor.`);
} else {
  const profile = mkdtempSync(join(tmpdir(), 'voucher-wallet-demo-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: findChromium(),
    headless: false,
    args: extensionArgs(dist),
    viewport: null,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(url);
  console.log(`Chromium is open on ${url} with the extension loaded. Click the wallet icon to create a key.`);
  context.on('close', stop);
}
