import { expect } from '@playwright/test';
import { MAX_UINT64 } from '../../../src/protocol';
import type { AnyPage } from '../evaluate';
import { pageFetch, type PageResponse } from '../flows';
import { FAIR_PRICES, HostileVendor } from '../hostile-vendor';
import { fetchInSeries } from '../page-requests';
import { callWorker, readRecords } from '../worker-calls';

// Scenario 16 (e2e/16-hostile-vendor.spec.ts, e2e/firefox/16-hostile-vendor.firefox.ts): each
// finding of issue 14 against a vendor written to attack. The vendor's moves and every check off
// the approval window are one copy for both browsers; the window is each driver's own.

/** The `hostile` fixture both browsers' tests extend theirs with: a fresh attacking vendor per test. */
export const hostileFixture = {
  hostile: async ({}, use: (vendor: HostileVendor) => Promise<void>) => {
    const vendor = await new HostileVendor().start();
    await use(vendor);
    await vendor.stop();
  },
};

/** The wallet's view of the one vendor it knows. */
export async function vendorView(walletPage: AnyPage) {
  const [vendor] = await callWorker(walletPage, 'vendors.list', {});
  return vendor!;
}

/** How many approval windows are open now (each driver counts its own). */
export type WindowCount = () => Promise<number> | number;

/** 1: after the first request (approved, answered 402 as every one is): 100 more get one voucher in all, not the budget. */
export async function foreverPaymentRequired(demo: AnyPage, walletPage: AnyPage, hostile: HostileVendor): Promise<void> {
  const statuses = (await fetchInSeries(demo, '/api/data?i={i}', { count: 100 })).map((response) => response.status);
  expect(statuses).toEqual(Array(100).fill(402));
  // Before: a voucher per 402 (100 fetches, 100 vouchers). Now the first voucher is never shown in use.
  expect(hostile.nonces()).toEqual([0n]);
  expect(await vendorView(walletPage)).toMatchObject({ vouchersSigned: 1, spentAtoms: 1_000_000n });
  const refused = (await readRecords(walletPage)).filter((record) => record.errorCode === 'vouchers_unused');
  expect(refused).toHaveLength(100);
}

/** 2: the vendor raises its prices a millionfold and answers the next request 402. */
export function raisePrices(hostile: HostileVendor): void {
  hostile.behavior.prices = { ...FAIR_PRICES, atomsPerHour: FAIR_PRICES.atomsPerHour * 1_000_000n, atomsPerGB: FAIR_PRICES.atomsPerGB * 1_000_000n };
  hostile.behavior.next402 = true;
}

/** 2: what the re-approval window shows, old → new. */
export const RAISED = { perHour: '3.6 tUSD → 3,600,000 tUSD', perGB: '10 tUSD → 10,000,000 tUSD' };

/** 2, while the user is asked: nothing is signed, and top-ups are stopped too. */
export async function nothingSignedWhileAsked(walletPage: AnyPage, hostile: HostileVendor): Promise<void> {
  expect(hostile.nonces()).toEqual([0n]);
  expect((await vendorView(walletPage)).hold).toMatchObject({ reason: 'prices_raised' });
}

/** 2, after the raise was approved: the request is paid at the new prices; a later cut needs no approval. */
export async function raiseApprovedCutTaken(raised: Promise<PageResponse>, demo: AnyPage, walletPage: AnyPage, hostile: HostileVendor, windows: WindowCount): Promise<void> {
  expect((await raised).status).toBe(200);
  expect(hostile.nonces()).toEqual([0n, 1n]);
  expect((await vendorView(walletPage)).prices).toMatchObject({ atomsPerHour: FAIR_PRICES.atomsPerHour * 1_000_000n });

  // Lower prices need no approval. (First the worker counts the receipt charged at the raised
  // prices: a voucher is signed only once receipts show the newest in use.)
  await expect.poll(async () => (await vendorView(walletPage)).spending.at(-1)?.atoms).toBe(hostile.stats.charged);
  hostile.behavior.prices = FAIR_PRICES;
  hostile.behavior.next402 = true;
  expect((await pageFetch(demo, '/api/data?n=3')).status).toBe(200);
  expect(await windows()).toBe(0);
  expect((await vendorView(walletPage)).prices).toEqual(FAIR_PRICES);
}

/** 3: the vendor suggests 10^30-atom vouchers and says its asset has 30 decimals. */
export function suggestHugeVouchers(hostile: HostileVendor): void {
  hostile.behavior.suggestedVoucherAtoms = 10n ** 30n;
  hostile.behavior.asset = { symbol: 'USDC', decimals: 30 };
}

/** 3: what the approval form proposes (its inputs' values) and shows of the suggestion. */
export const SMALL_DEFAULTS = { voucher: '1', budget: '10', suggested: '1,000,000,000,000,000,000,000,000 tUSD' };

/** 3, after the form's proposal was approved as it was: a 1 tUSD voucher, a 10 tUSD budget, in the wallet's asset. */
export async function smallDefaultsTaken(pending: Promise<PageResponse>, walletPage: AnyPage, hostile: HostileVendor): Promise<void> {
  expect((await pending).status).toBe(200);
  expect([...hostile.vouchers.values()]).toEqual([1_000_000n]);
  expect(await vendorView(walletPage)).toMatchObject({ budgetAtoms: 10_000_000n, asset: { symbol: 'tUSD', decimals: 6 } });
}

/** 4: the vendor names a contract the wallet has no asset for. */
export const UNKNOWN_CONTRACT = '0x000000000000000000000000000000000000dEaD';

/** 4: the page is answered at once, without waiting for the user, and no history is written. */
export async function unknownAssetRefusedAtOnce(demo: AnyPage, walletPage: AnyPage): Promise<void> {
  expect((await pageFetch(demo, '/api/data')).status).toBe(402);
  // Nobody approved this vendor for the page: its 402 writes no history (a page cannot fill the log).
  expect(await readRecords(walletPage)).toEqual([]);
}

/** 4, after the notice window was closed with its only button: declined for the page, nothing signed, no window again. */
export async function unknownAssetDeclined(demo: AnyPage, walletPage: AnyPage, hostile: HostileVendor, windows: WindowCount): Promise<void> {
  expect((await pageFetch(demo, '/api/data?again')).status).toBe(402);
  expect(await windows()).toBe(0);
  expect(await callWorker(walletPage, 'vendors.rejected', {})).toHaveLength(1);
  expect(hostile.vouchers.size).toBe(0);
}

/** 5, after the first paid request: an overcharge puts the vendor on hold; nothing more is signed for it. */
export async function overchargeHolds(demo: AnyPage, walletPage: AnyPage, hostile: HostileVendor): Promise<void> {
  // 900,000 atoms for a millisecond: flagged, and credit left below the top-up threshold.
  hostile.behavior.chargeAtoms = 900_000n;
  expect((await pageFetch(demo, '/api/data?n=2')).status).toBe(200);
  await expect.poll(async () => (await vendorView(walletPage)).hold?.reason, { timeout: 15_000 }).toBe('overcharge_suspected');
  // Before: the low credit topped up with a second voucher right away.
  expect((await vendorView(walletPage)).vouchersSigned).toBe(1);

  delete hostile.behavior.chargeAtoms;
  hostile.behavior.next402 = true;
  expect((await pageFetch(demo, '/api/data?n=3')).status).toBe(402);
  expect(hostile.nonces()).toEqual([0n]);
  expect((await readRecords(walletPage)).some((record) => record.errorCode === 'overcharge_suspected')).toBe(true);
}

/** 5: what the vendor's card says while it is held. */
export const OVERCHARGE_HOLD = 'charged more than its prices allow';

/** 5, after the user resumed the vendor in the popup: the next 402 is paid with a new voucher. */
export async function resumedSignsAgain(demo: AnyPage, hostile: HostileVendor): Promise<void> {
  hostile.behavior.next402 = true;
  expect((await pageFetch(demo, '/api/data?n=4')).status).toBe(200);
  expect(hostile.nonces()).toEqual([0n, 1n]);
}

/** 6, after the first paid request: a 402 naming a nextNonce far ahead signs nothing (nonce_jump). */
export async function nonceJumpSignsNothing(demo: AnyPage, walletPage: AnyPage, hostile: HostileVendor): Promise<void> {
  hostile.behavior.nextNonce = () => 1_000n;
  hostile.behavior.next402 = true;
  expect((await pageFetch(demo, '/api/data?n=2')).status).toBe(402);
  expect(hostile.nonces()).toEqual([0n]);
  expect((await readRecords(walletPage)).find((record) => record.errorCode === 'nonce_jump')).toBeDefined();
  expect(await vendorView(walletPage)).toMatchObject({ vouchersSigned: 1, lastNonce: 0n });
}

/** 7: the vendor's 402s name nonce 2^64 - 1; the first request is approved with these limits (a 100-atom voucher). */
export function startAtLastNonce(hostile: HostileVendor): void {
  hostile.behavior.nextNonce = () => MAX_UINT64;
}
export const LAST_NONCE_LIMITS = { budget: '0.01', voucher: '0.0001' };

/** 7, after the first paid request: every receipt asks for the next voucher, and none reserves atoms; nothing reads wallet_locked. */
export async function lastNonceReservesNothing(demo: AnyPage, walletPage: AnyPage, hostile: HostileVendor): Promise<void> {
  expect(hostile.nonces()).toEqual([MAX_UINT64]);
  const statuses = await fetchInSeries(demo, '/api/data?i={i}', { count: 5 });
  expect(statuses.length).toBe(5);
  expect(await vendorView(walletPage)).toMatchObject({ vouchersSigned: 1, spentAtoms: 100n, lastNonce: MAX_UINT64 });
  expect((await readRecords(walletPage)).filter((record) => record.errorCode === 'wallet_locked')).toEqual([]);
  expect(hostile.nonces()).toEqual([MAX_UINT64]);
}
