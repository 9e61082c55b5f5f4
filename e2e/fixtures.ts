import { test as base, expect, type BrowserContext, type Page, type Worker } from '@playwright/test';
import { extensionIdOf, killServiceWorker, launchWithExtension, POPUP_PATH, serviceWorker } from './support/extension';
import { VendorProcess, type VendorInfo } from './support/vendor-process';
import { callWorker } from './support/worker-calls';

export interface Fixtures {
  /** Extra vendor flags; the default store is in memory (fast start), `--store pglite` survives a restart. */
  vendorArgs: string[];
  /**
   * Runs the vendor on its own local chain (anvil, the contract deployed, the redeemer on) instead
   * of the chain-less demo: `vendorArgs` without `--demo`, with redemption rounds every `redeemIntervalMs`.
   */
  onChain: boolean;
  redeemIntervalMs: number;
  /** A fresh Chromium profile with the built extension loaded. */
  context: BrowserContext;
  /** The extension's service worker as it runs now. */
  background: Worker;
  extensionId: string;
  /** A fresh mock vendor (demo oracle, own data dir) on a free port. */
  vendor: VendorProcess;
  vendorInfo: VendorInfo;
  /** An extension page kept open for worker calls and store reads (setup and asserts only). */
  walletPage: Page;
  /** Opens the popup page in a tab of its own. */
  openPopup: (hash?: string) => Promise<Page>;
  /** Stops the service worker as Chromium does on idle, and proves the next one starts empty. */
  killWorker: () => Promise<void>;
}

interface Stack {
  context: BrowserContext;
  vendor: VendorProcess;
}

export const test = base.extend<Fixtures & { stack: Stack }>({
  vendorArgs: [['--demo', '--store', 'memory'], { option: true }],
  onChain: [false, { option: true }],
  redeemIntervalMs: [500, { option: true }],
  // Chromium and the vendor start side by side: each takes seconds, and every test needs both.
  stack: async ({ vendorArgs, onChain, redeemIntervalMs }, use) => {
    const args = onChain ? [...vendorArgs.filter((arg) => arg !== '--demo'), '--redeem-interval-ms', String(redeemIntervalMs)] : vendorArgs;
    const vendor = new VendorProcess(args);
    const [launched, started] = await Promise.allSettled([launchWithExtension(), vendor.start()]);
    if (launched.status === 'rejected' || started.status === 'rejected') {
      await Promise.allSettled([launched.status === 'fulfilled' ? launched.value.close() : undefined, vendor.stop()]);
      throw launched.status === 'rejected' ? launched.reason : (started as PromiseRejectedResult).reason;
    }
    const context = launched.value;
    await use({ context, vendor });
    await Promise.all([context.close(), vendor.stop()]);
  },
  context: async ({ stack }, use) => {
    await use(stack.context);
  },
  vendor: async ({ stack }, use) => {
    await use(stack.vendor);
  },
  background: async ({ context }, use) => {
    await use(await serviceWorker(context));
  },
  extensionId: async ({ background }, use) => {
    await use(extensionIdOf(background));
  },
  vendorInfo: async ({ vendor }, use) => {
    await use(vendor.info!);
  },
  walletPage: async ({ context, extensionId }, use) => {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`chrome-extension://${extensionId}/${POPUP_PATH}`);
    await use(page);
  },
  openPopup: async ({ context, extensionId }, use) => {
    await use(async (hash = '') => {
      const page = await context.newPage();
      await page.setViewportSize({ width: 360, height: 600 });
      await page.goto(`chrome-extension://${extensionId}/${POPUP_PATH}${hash}`);
      return page;
    });
  },
  killWorker: async ({ context, background, walletPage }, use) => {
    await use(async () => {
      await callWorker(walletPage, 'wallet.status', {}); // a running worker to mark
      await background.evaluate(() => ((globalThis as { __lifeMarker?: number }).__lifeMarker = 1));
      await killServiceWorker(context, walletPage);
      // Wake a new worker and check it did not inherit the old one's memory.
      await callWorker(walletPage, 'wallet.status', {});
      const worker = await serviceWorker(context);
      expect(await worker.evaluate(() => (globalThis as { __lifeMarker?: number }).__lifeMarker)).toBeUndefined();
    });
  },
});

export { expect };
