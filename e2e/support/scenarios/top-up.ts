import { expect } from '@playwright/test';
import type { Address } from 'viem';
import { expectContiguousVouchers, settledRecords } from '../assertions';
import type { AnyPage } from '../evaluate';
import { fetchInSeries } from '../page-requests';
import type { VendorProcess } from '../vendor-process';

// Scenario 05 (e2e/05-top-up.spec.ts, e2e/firefox/05-top-up.firefox.ts): what follows the approval
// is the same in both browsers, so both run this one copy.

/** 50 kB costs ~500 atoms and locks 1,500; a voucher of 2,000 atoms lasts a request or two. */
export const TOP_UP_DATA = '/api/data?bytes=50000';
/** The approval's limits: a budget of 1 tUSD, vouchers of 0.002 (2,000 atoms). */
export const TOP_UP_LIMITS = { budget: '1', voucher: '0.002' };

/** After the first request (approved with TOP_UP_LIMITS): 9 more, paid by vouchers signed ahead; one 402 in all. */
export async function creditRunsOut(demo: AnyPage, walletPage: AnyPage, vendor: VendorProcess, address: Address): Promise<void> {
  // A page doing other work between calls: the top-up voucher arrives meanwhile.
  const later = await fetchInSeries(demo, TOP_UP_DATA, { count: 9, pauseMs: 100 });
  expect(later.map((response) => response.status)).toEqual(Array(9).fill(200));
  expect(later.every((response) => response.bytes === 50_000)).toBe(true);

  // Receipts as the worker observed them (the page sees none), in request order.
  expect(later.every((response) => response.receipt === null)).toBe(true);
  const records = (await settledRecords(walletPage, 10)).sort((a, b) => a.timestamp - b.timestamp);
  expect(records.every((record) => record.status === 'paid')).toBe(true);
  const receipts = records.map((record) => record.payment!);
  const nonces = await expectContiguousVouchers(vendor, address);
  expect(nonces.length).toBeGreaterThanOrEqual(4);
  const held = await vendor.client(address);
  for (const voucher of held.vouchers) expect(voucher.atoms).toBeLessThanOrEqual(2_000n);
  // Receipts name vouchers the vendor holds, in order.
  const charged = receipts.map((receipt) => receipt.nonce);
  expect([...charged].sort((a, b) => Number(a - b))).toEqual(charged);
  expect(charged.at(-1)).toBeLessThanOrEqual(nonces.at(-1)!);
  expect((await vendor.charged(address)).charged).toBe(receipts.reduce((sum, receipt) => sum + receipt.cost, 0n));
  // The page never sees a 402 (the wrapper would hide it), so the vendor's count is the proof: the
  // first request, which had no voucher, met the only one; every top-up came before credit ran out.
  expect(await vendor.paymentRequired(address)).toEqual({ total: 1, client: 0, codes: { payment_required: 1 } });
}
