import { expect } from '@playwright/test';
import type { Address } from 'viem';
import { expectContiguousVouchers, newestPayment, settledRecords } from '../assertions';
import type { AnyPage } from '../evaluate';
import { pageFetch } from '../flows';
import type { VendorInfo, VendorProcess } from '../vendor-process';

// Scenario 12 (e2e/12-vendor-restart.spec.ts, e2e/firefox/12-vendor-restart.firefox.ts): one copy for both browsers.

/** PGlite on disk: what the vendor knows survives its restart. */
export const RESTART_VENDOR_ARGS = ['--demo', '--store', 'pglite'];
export const RESTART_DATA = '/api/data?bytes=50000';
/**
 * The records this scenario counts: its own requests. The demo page's live figures (a free
 * EventSource to the vendor) reconnect after the restart, carrying the voucher, and are recorded
 * free: a record of the page's, not of this test.
 */
const COUNTED = new URL(RESTART_DATA, 'http://x').pathname;
export const RESTART_LIMITS = { budget: '1', voucher: '0.002' };

/** After the first request (approved with RESTART_LIMITS): two more, the vendor restarted, three more; nothing lost. */
export async function vendorRestartsBetweenRequests(
  demo: AnyPage,
  walletPage: AnyPage,
  vendor: VendorProcess,
  vendorInfo: VendorInfo,
  address: Address,
): Promise<void> {
  let chargedNonce = 0n;
  for (let i = 0; i < 2; i++) {
    const response = await pageFetch(demo, RESTART_DATA);
    expect(response.status).toBe(200);
    chargedNonce = (await newestPayment(walletPage, i + 2, COUNTED)).nonce;
  }
  const before = await vendor.client(address);
  expect(before.vouchers.length).toBeGreaterThanOrEqual(2);

  await vendor.restart();
  expect(vendor.info!.url).toBe(vendorInfo.url);
  expect(vendor.info!.vendor).toBe(vendorInfo.vendor);
  const restored = await vendor.client(address);
  expect(restored).toEqual(before);

  const nonces: bigint[] = [];
  for (let i = 0; i < 3; i++) {
    const response = await pageFetch(demo, RESTART_DATA);
    expect(response.status).toBe(200);
    nonces.push((await newestPayment(walletPage, i + 4, COUNTED)).nonce);
  }
  // Charging picks up where it stopped: never an older voucher than before the restart.
  expect(nonces[0]).toBeGreaterThanOrEqual(chargedNonce);
  expect([...nonces].sort((a, b) => Number(a - b))).toEqual(nonces);
  const after = await vendor.client(address);
  // The old vouchers are unchanged (same atoms); new ones continue the sequence.
  expect(after.vouchers.slice(0, before.vouchers.length).map(({ nonce, atoms }) => ({ nonce, atoms }))).toEqual(
    before.vouchers.map(({ nonce, atoms }) => ({ nonce, atoms })),
  );
  await expectContiguousVouchers(vendor, address);
  const records = await settledRecords(walletPage, 6, COUNTED);
  expect(records.every((record) => record.status === 'paid')).toBe(true);
}
