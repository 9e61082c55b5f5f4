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

/** Records of requests to `path` (a URL's path, e.g. '/api/data'), or all of them. */
async function recordsTo(walletPage: AnyPage, path?: string) {
  const records = await readRecords(walletPage);
  return path === undefined ? records : records.filter((record) => new URL(record.urlOrTarget).pathname === path);
}

/**
 * Waits until no record (of requests to `path`, when given) is pending, then returns them; on a
 * timeout the error lists every record there was.
 */
export async function settledRecords(walletPage: AnyPage, count: number, path?: string) {
  try {
    await expect
      .poll(async () => {
        const records = await recordsTo(walletPage, path);
        return { total: records.length, pending: records.filter((record) => record.status === 'pending').length };
      }, { timeout: 30_000 })
      .toEqual({ total: count, pending: 0 });
  } catch (error) {
    const seen = (await readRecords(walletPage)).map(({ clientTxRef, urlOrTarget, status, statusCode, errorCode, payment }) =>
      [clientTxRef, urlOrTarget, status, statusCode, errorCode, payment?.nonce].join(' '),
    );
    throw new Error(`${(error as Error).message}\nrecords:\n${seen.join('\n')}`);
  }
  return recordsTo(walletPage, path);
}

/**
 * The payment of the newest of `count` settled records: the receipt as the worker observed it on
 * the network. Pages never see receipts (the worker's rule removes the header), so tests read
 * them here.
 */
export async function newestPayment(walletPage: AnyPage, count: number, path?: string) {
  const records = (await settledRecords(walletPage, count, path)).sort((a, b) => a.timestamp - b.timestamp);
  const newest = records.at(-1)!;
  expect(newest).toMatchObject({ status: 'paid' });
  return newest.payment!;
}
