import type { Page } from '@playwright/test';
import { MAX_UINT64 } from '../src/protocol';
import { TID } from '../src/popup/testids';
import { expect, test as base } from './fixtures';
import { saveScreen } from './pages/screens';
import { VendorsPage } from './pages/VendorsPage';
import { firstPaidRequest, nextApproval, pageFetch, walletOnDemoPage } from './support/flows';
import { FAIR_PRICES, HostileVendor } from './support/hostile-vendor';
import { callWorker, readRecords } from './support/worker-calls';

// Issue 14, "what a vendor can make the wallet do": each finding against a vendor written to attack.
const test = base.extend<{ hostile: HostileVendor }>({
  hostile: async ({}, use) => {
    const vendor = await new HostileVendor().start();
    await use(vendor);
    await vendor.stop();
  },
});

async function vendorView(walletPage: Page) {
  const [vendor] = await callWorker(walletPage, 'vendors.list', {});
  return vendor!;
}

function approvalWindows(page: Page): Page[] {
  return page.context().pages().filter((candidate) => !candidate.isClosed() && candidate.url().includes('#/approve/'));
}

test('a vendor answering 402 forever gets one voucher, not the budget', async ({ context, walletPage, hostile }) => {
  hostile.behavior.always402 = true;
  const { demo } = await walletOnDemoPage(context, walletPage, hostile.url);
  expect((await firstPaidRequest(context, demo, '/api/data')).status).toBe(402);

  const statuses = await demo.evaluate(async () => {
    const out: number[] = [];
    for (let i = 0; i < 100; i++) out.push((await fetch(`/api/data?i=${i}`)).status);
    return out;
  });
  expect(statuses).toEqual(Array(100).fill(402));
  // Before: a voucher per 402 (100 fetches, 100 vouchers). Now the first voucher is never shown in use.
  expect(hostile.nonces()).toEqual([0n]);
  expect(await vendorView(walletPage)).toMatchObject({ vouchersSigned: 1, spentAtoms: 1_000_000n });
  const refused = (await readRecords(walletPage)).filter((record) => record.errorCode === 'vouchers_unused');
  expect(refused).toHaveLength(100);
});

test('a raise of the approved prices stops signing and asks again, old → new; a cut is taken', async ({ context, walletPage, hostile }) => {
  const { demo } = await walletOnDemoPage(context, walletPage, hostile.url);
  expect((await firstPaidRequest(context, demo, '/api/data?n=1')).status).toBe(200);

  hostile.behavior.prices = { ...FAIR_PRICES, atomsPerHour: FAIR_PRICES.atomsPerHour * 1_000_000n, atomsPerGB: FAIR_PRICES.atomsPerGB * 1_000_000n };
  hostile.behavior.next402 = true;
  const raised = pageFetch(demo, '/api/data?n=2');
  const approval = await nextApproval(context);
  await expect(approval.page.getByTestId(TID.approvalRepriced)).toBeVisible();
  await expect(approval.page.getByTestId(TID.approvalPricePerHour)).toContainText('3.6 tUSD → 3,600,000 tUSD');
  await expect(approval.page.getByTestId(TID.approvalPricePerGB)).toContainText('10 tUSD → 10,000,000 tUSD');
  // Nothing is signed while the user is asked, and top-ups are stopped too.
  expect(hostile.nonces()).toEqual([0n]);
  expect((await vendorView(walletPage)).hold).toMatchObject({ reason: 'prices_raised' });
  await saveScreen(approval.page, 'approval-prices-raised');
  await approval.approve();
  expect((await raised).status).toBe(200);
  expect(hostile.nonces()).toEqual([0n, 1n]);
  expect((await vendorView(walletPage)).prices).toMatchObject({ atomsPerHour: FAIR_PRICES.atomsPerHour * 1_000_000n });

  // Lower prices need no approval. (First the worker counts the receipt charged at the raised
  // prices: a voucher is signed only once receipts show the newest in use.)
  await expect.poll(async () => (await vendorView(walletPage)).spending.at(-1)?.atoms).toBe(hostile.stats.charged);
  hostile.behavior.prices = FAIR_PRICES;
  hostile.behavior.next402 = true;
  expect((await pageFetch(demo, '/api/data?n=3')).status).toBe(200);
  expect(approvalWindows(demo)).toHaveLength(0);
  expect((await vendorView(walletPage)).prices).toEqual(FAIR_PRICES);
});

test('the approval form proposes the wallet\'s small defaults in its own asset, not the vendor\'s 10^30 atoms and 30 decimals', async ({
  context,
  walletPage,
  hostile,
}) => {
  hostile.behavior.suggestedVoucherAtoms = 10n ** 30n;
  hostile.behavior.asset = { symbol: 'USDC', decimals: 30 };
  const { demo } = await walletOnDemoPage(context, walletPage, hostile.url);
  const pending = pageFetch(demo, '/api/data');
  const approval = await nextApproval(context);
  await expect(approval.voucher).toHaveValue('1');
  await expect(approval.budget).toHaveValue('10');
  await expect(approval.page.getByTestId(TID.approvalSuggested)).toContainText('1,000,000,000,000,000,000,000,000 tUSD');
  await saveScreen(approval.page, 'approval-huge-suggestion');
  await approval.approve();
  expect((await pending).status).toBe(200);
  expect([...hostile.vouchers.values()]).toEqual([1_000_000n]);
  expect(await vendorView(walletPage)).toMatchObject({ budgetAtoms: 10_000_000n, asset: { symbol: 'tUSD', decimals: 6 } });
});

test('a vendor on a chain and contract the wallet has no asset for is refused with unknown_asset; the window says why and cannot approve', async ({
  context,
  walletPage,
  hostile,
}) => {
  hostile.behavior.verifyingContract = '0x000000000000000000000000000000000000dEaD';
  const { demo } = await walletOnDemoPage(context, walletPage, hostile.url);
  // The page is answered at once, without waiting for the user.
  expect((await pageFetch(demo, '/api/data')).status).toBe(402);
  // Nobody approved this vendor for the page: its 402 writes no history (a page cannot fill the log).
  expect(await readRecords(walletPage)).toEqual([]);

  const notice = await nextApproval(context);
  await expect(notice.page.getByTestId(TID.approvalUnknownAsset)).toContainText('0x000000000000000000000000000000000000dEaD');
  await expect(notice.page.getByTestId(TID.approve)).toHaveCount(0);
  await saveScreen(notice.page, 'approval-unknown-asset');
  await notice.reject();
  expect((await pageFetch(demo, '/api/data?again')).status).toBe(402);
  expect(approvalWindows(demo)).toHaveLength(0);
  expect(await callWorker(walletPage, 'vendors.rejected', {})).toHaveLength(1);
  expect(hostile.vouchers.size).toBe(0);
});

test('an overcharge stops signing for the vendor until the user resumes it in the popup', async ({ context, walletPage, hostile, openPopup }) => {
  const { demo } = await walletOnDemoPage(context, walletPage, hostile.url);
  expect((await firstPaidRequest(context, demo, '/api/data?n=1')).status).toBe(200);

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

  const popup = await openPopup();
  const vendors = await new VendorsPage(popup).open();
  const card = vendors.card(hostile.vendor);
  await expect(card.getByTestId(TID.vendorHold)).toContainText('charged more than its prices allow');
  await saveScreen(popup, 'vendors-hold-overcharge');
  await card.getByTestId(TID.vendorResume).click();
  await expect(card.getByTestId(TID.vendorHold)).toHaveCount(0);

  hostile.behavior.next402 = true;
  expect((await pageFetch(demo, '/api/data?n=4')).status).toBe(200);
  expect(hostile.nonces()).toEqual([0n, 1n]);
});

test('a nextNonce far ahead signs nothing (nonce_jump)', async ({ context, walletPage, hostile }) => {
  const { demo } = await walletOnDemoPage(context, walletPage, hostile.url);
  expect((await firstPaidRequest(context, demo, '/api/data?n=1')).status).toBe(200);
  hostile.behavior.nextNonce = () => 1_000n;
  hostile.behavior.next402 = true;
  expect((await pageFetch(demo, '/api/data?n=2')).status).toBe(402);
  expect(hostile.nonces()).toEqual([0n]);
  expect((await readRecords(walletPage)).find((record) => record.errorCode === 'nonce_jump')).toBeDefined();
  expect(await vendorView(walletPage)).toMatchObject({ vouchersSigned: 1, lastNonce: 0n });
});

test('at nonce 2^64 - 1 no further voucher reserves atoms, and nothing reads wallet_locked', async ({ context, walletPage, hostile }) => {
  hostile.behavior.nextNonce = () => MAX_UINT64;
  const { demo } = await walletOnDemoPage(context, walletPage, hostile.url);
  // A 100-atom voucher: every receipt leaves credit below the top-up threshold, so each asks for the next.
  expect((await firstPaidRequest(context, demo, '/api/data?n=1', { budget: '0.01', voucher: '0.0001' })).status).toBe(200);
  expect(hostile.nonces()).toEqual([MAX_UINT64]);
  const statuses = await demo.evaluate(async () => {
    const out: number[] = [];
    for (let i = 0; i < 5; i++) out.push((await fetch(`/api/data?i=${i}`)).status);
    return out;
  });
  expect(statuses.length).toBe(5);
  expect(await vendorView(walletPage)).toMatchObject({ vouchersSigned: 1, spentAtoms: 100n, lastNonce: MAX_UINT64 });
  expect((await readRecords(walletPage)).filter((record) => record.errorCode === 'wallet_locked')).toEqual([]);
  expect(hostile.nonces()).toEqual([MAX_UINT64]);
});
