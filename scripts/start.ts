/**
 * `npm start`: builds the extension, starts the mock vendor on a local chain (anvil, the token and
 * the collateral contract deployed; `npm start -- --demo` for the chain-less demo mode) with the
 * demo's settings (scripts/demo-vendor.json), and opens Chromium with the extension loaded on the
 * vendor's demo page; the extension opens its onboarding tab on install. Without a display it says
 * so and prints how to load dist/ by hand; the vendor keeps running until Ctrl-C.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium } from '@playwright/test';
import { extensionArgs, findChromium } from './lib/chromium';
import { DEMO_VENDOR_ARGS } from './lib/demo-vendor';

const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

// The local chain on 8545, where the wallet's default network looks for it (unless told otherwise).
const args = process.argv.slice(2);
const chainFlags = args.some((arg) => ['--demo', '--oracle', '--rpc-url', '--chain-port'].includes(arg)) ? [] : ['--chain-port', '8545'];
const vendor = spawn(process.execPath, ['--import', 'tsx', 'src/mock-vendor/main.ts', ...chainFlags, ...DEMO_VENDOR_ARGS, ...args], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const stop = () => vendor.kill('SIGTERM');
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
vendor.on('exit', (code) => process.exit(code ?? 0));

interface StartedVendor {
  url: string;
  chain: { local: boolean } | null;
}

const started = await new Promise<StartedVendor>((resolveStarted) => {
  createInterface({ input: vendor.stdout! }).on('line', (line) => {
    console.log(line);
    try {
      const info = JSON.parse(line) as Partial<StartedVendor>;
      if (info.url) resolveStarted({ url: info.url, chain: info.chain ?? null });
    } catch {
      // an ordinary log line
    }
  });
});
const { url } = started;
// The demo page walks a new user through it; without a window these steps stand in for it.
const steps = started.chain?.local
  ? `
  1. Create a wallet in the tab the extension opens (write down its recovery phrase).
  2. On ${url}, paste the wallet's address into "Get test funds" (or:
       curl -X POST ${url}/demo/faucet -H 'content-type: application/json' -d '{"address":"0x…"}').
  3. Run a call in the page's console and approve the vendor in the window the wallet opens.`
  : `
  1. Create a wallet in the tab the extension opens.
  2. Run a call on ${url} and approve the vendor in the window the wallet opens.`;

const dist = resolve('dist');
if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  console.log(`
No display found, so no browser window was opened. The mock vendor runs at ${url}
To try the wallet: open chrome://extensions in Chromium, turn on Developer mode,
"Load unpacked" and choose ${dist}, then:${steps}
Ctrl-C stops the vendor.`);
} else {
  const profile = mkdtempSync(join(tmpdir(), 'voucher-wallet-demo-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: findChromium(),
    headless: false,
    args: extensionArgs(dist),
    viewport: null,
  });
  // The extension opens its onboarding tab itself on install (runtime.onInstalled).
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(url);
  console.log(`Chromium is open on ${url} with the extension loaded:${steps}`);
  context.on('close', stop);
}
