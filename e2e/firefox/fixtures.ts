import { test as base, expect } from '@playwright/test';
import type { Page } from 'puppeteer-core';
import { VendorProcess, type VendorInfo } from '../support/vendor-process';
import { launchFirefoxWithExtension, openExtensionPage, POPUP_PATH, type FirefoxWithExtension } from './support/firefox';

export interface FirefoxFixtures {
  /** Extra vendor flags; the default store is in memory (fast start). */
  vendorArgs: string[];
  /** Keep the onboarding tab the install opens (firefox.welcome); closed by default. */
  keepWelcome: boolean;
  /** A fresh Firefox profile with dist-firefox/ installed as a temporary add-on. */
  firefox: FirefoxWithExtension;
  /** A fresh mock vendor (demo oracle, own data dir) on a free port. */
  vendor: VendorProcess;
  vendorInfo: VendorInfo;
  /** The popup page in a tab, kept open for worker calls and store reads (setup and asserts only). */
  walletPage: Page;
}

interface Stack {
  firefox: FirefoxWithExtension;
  vendor: VendorProcess;
}

export const test = base.extend<FirefoxFixtures & { stack: Stack }>({
  vendorArgs: [['--demo', '--store', 'memory'], { option: true }],
  keepWelcome: [false, { option: true }],
  // Firefox and the vendor start side by side, as in the Chromium fixtures.
  stack: async ({ vendorArgs, keepWelcome }, use) => {
    const vendor = new VendorProcess(vendorArgs);
    const [launched, started] = await Promise.allSettled([launchFirefoxWithExtension({ keepWelcome }), vendor.start()]);
    if (launched.status === 'rejected' || started.status === 'rejected') {
      await Promise.allSettled([launched.status === 'fulfilled' ? launched.value.close() : undefined, vendor.stop()]);
      throw launched.status === 'rejected' ? launched.reason : (started as PromiseRejectedResult).reason;
    }
    await use({ firefox: launched.value, vendor });
    await Promise.all([launched.value.close(), vendor.stop()]);
  },
  firefox: async ({ stack }, use) => {
    await use(stack.firefox);
  },
  vendor: async ({ stack }, use) => {
    await use(stack.vendor);
  },
  vendorInfo: async ({ vendor }, use) => {
    await use(vendor.info!);
  },
  walletPage: async ({ firefox }, use) => {
    await use(await openExtensionPage(firefox, POPUP_PATH));
  },
});

export { expect };
