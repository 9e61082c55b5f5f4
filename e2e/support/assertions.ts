import { expect } from '@playwright/test';
import type { AnyPage } from './evaluate';
import type { VendorProcess } from './vendor-process';
import { readRecords } from './worker-calls';

/** The vendor's vouchers for a client: nonces 0, 1, 2, … with no gap and no repeat. */
export async function expectContiguousVouchers(vendor: VendorProcess, client: string): Promise<bigint[]> {
  const nonces = (await vendor.client(client)).vouchers.map((voucher) => voucher.nonce);
  expect(nonces).toEqual(nonces.map((_, index) => BigInt(index)));
  return nonces;
}

/** Waits until no record is pending, then returns them all. */
export async function settledRecords(walletPage: AnyPage, count: number) {
  await expect
    .poll(async () => {
      const records = await readRecords(walletPage);
      return { total: records.length, pending: records.filter((record) => record.status === 'pending').length };
    }, { timeout: 30_000 })
    .toEqual({ total: count, pending: 0 });
  return readRecords(walletPage);
}
