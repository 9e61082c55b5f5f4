import { expect } from '@playwright/test';
import type { AnyPage } from '../evaluate';
import { FAIR_PRICES, HostileVendor } from '../hostile-vendor';
import { fetchInSeries } from '../page-requests';
import { callWorker } from '../worker-calls';

// Scenario 17 (e2e/17-auto-lock-activity.spec.ts, e2e/firefox/17-auto-lock-activity.firefox.ts): one copy for both browsers.

/** The `payingVendor` fixture: an honest vendor with a cheap route, so 10-atom vouchers run out every few requests. */
export const payingVendorFixture = {
  payingVendor: async ({}, use: (vendor: HostileVendor) => Promise<void>) => {
    const vendor = await new HostileVendor().start();
    vendor.behavior.prices = { ...FAIR_PRICES, approxCost: 2n };
    await use(vendor);
    await vendor.stop();
  },
};

/** The first request's approval: 10-atom vouchers. */
export const ACTIVITY_LIMITS = { budget: '0.01', voucher: '0.00001' };

/** Before the first request: a one-minute auto-lock. */
export async function setOneMinuteAutoLock(walletPage: AnyPage): Promise<void> {
  await callWorker(walletPage, 'wallet.setAutoLock', { minutes: 1 });
}

/** After the first paid request: 30 more make the worker sign vouchers, and none moves the auto-lock deadline. */
export async function signaturesAreNoActivity(demo: AnyPage, walletPage: AnyPage, payingVendor: HostileVendor): Promise<void> {
  const { lockDeadline, state } = await callWorker(walletPage, 'wallet.status', {});
  expect(state).toBe('unlocked');

  // The page does other work between calls: top-ups arrive meanwhile.
  const statuses = (await fetchInSeries(demo, '/api/data?n={i}', { count: 30, pauseMs: 30 })).map((response) => response.status);
  expect(statuses.filter((status) => status === 200).length).toBeGreaterThan(20);
  // The page made the worker sign more vouchers (top-ups and 402s)...
  expect(payingVendor.nonces().length).toBeGreaterThanOrEqual(3);
  // ...and none of them moved the deadline (before: each signature pushed it a minute on).
  const after = await callWorker(walletPage, 'wallet.status', {});
  expect(after.lockDeadline).toBe(lockDeadline);
}
