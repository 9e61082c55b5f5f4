import type { Page } from 'puppeteer-core';
import { TID } from '../../src/popup/testids';
import { pageFetch, walletOnDemoPage } from '../support/flows';
import type { HostileVendor } from '../support/hostile-vendor';
import {
  foreverPaymentRequired,
  hostileFixture,
  LAST_NONCE_LIMITS,
  lastNonceReservesNothing,
  nonceJumpSignsNothing,
  nothingSignedWhileAsked,
  OVERCHARGE_HOLD,
  overchargeHolds,
  RAISED,
  raiseApprovedCutTaken,
  raisePrices,
  resumedSignsAgain,
  SMALL_DEFAULTS,
  smallDefaultsTaken,
  startAtLastNonce,
  suggestHugeVouchers,
  UNKNOWN_CONTRACT,
  unknownAssetDeclined,
  unknownAssetRefusedAtOnce,
} from '../support/scenarios/hostile-vendor';
import { expect, test as base } from './fixtures';
import { byTestId, openExtensionPage, POPUP_PATH, shown, textNow, waitVisible } from './support/firefox';
import { approvalWindows, decide, firstPaidRequest, nextApproval } from './support/flows';

// e2e/16-hostile-vendor.spec.ts on Firefox (the vendor's moves and the checks: e2e/support/scenarios/hostile-vendor.ts).
const test = base.extend<{ hostile: HostileVendor }>(hostileFixture);

/** The value an input of the page holds now. */
const valueOf = (page: Page, id: string) => page.$eval(byTestId(id), (input) => (input as HTMLInputElement).value).catch(() => null);

test('Firefox: a vendor answering 402 forever gets one voucher, not the budget', async ({ firefox, walletPage, hostile }) => {
  hostile.behavior.always402 = true;
  const { demo } = await walletOnDemoPage(firefox.browser, walletPage, hostile.url);
  expect((await firstPaidRequest(firefox, demo, '/api/data')).status).toBe(402);
  await foreverPaymentRequired(demo, walletPage, hostile);
});

test('Firefox: a raise of the approved prices stops signing and asks again, old → new; a cut is taken', async ({ firefox, walletPage, hostile }) => {
  const { demo } = await walletOnDemoPage(firefox.browser, walletPage, hostile.url);
  expect((await firstPaidRequest(firefox, demo, '/api/data?n=1')).status).toBe(200);

  raisePrices(hostile);
  const raised = pageFetch(demo, '/api/data?n=2');
  const approval = await nextApproval(firefox);
  await waitVisible(approval, byTestId(TID.approvalRepriced));
  await expect.poll(() => textNow(approval, byTestId(TID.approvalPricePerHour))).toContain(RAISED.perHour);
  await expect.poll(() => textNow(approval, byTestId(TID.approvalPricePerGB))).toContain(RAISED.perGB);
  await nothingSignedWhileAsked(walletPage, hostile);
  await decide(approval, 'approve');
  await raiseApprovedCutTaken(raised, demo, walletPage, hostile, () => approvalWindows(firefox));
});

test("Firefox: the approval form proposes the wallet's small defaults in its own asset, not the vendor's 10^30 atoms and 30 decimals", async ({
  firefox,
  walletPage,
  hostile,
}) => {
  suggestHugeVouchers(hostile);
  const { demo } = await walletOnDemoPage(firefox.browser, walletPage, hostile.url);
  const pending = pageFetch(demo, '/api/data');
  const approval = await nextApproval(firefox);
  await expect.poll(() => valueOf(approval, TID.voucherInput)).toBe(SMALL_DEFAULTS.voucher);
  await expect.poll(() => valueOf(approval, TID.budgetInput)).toBe(SMALL_DEFAULTS.budget);
  await expect.poll(() => textNow(approval, byTestId(TID.approvalSuggested))).toContain(SMALL_DEFAULTS.suggested);
  await decide(approval, 'approve');
  await smallDefaultsTaken(pending, walletPage, hostile);
});

test('Firefox: a vendor on a chain and contract the wallet has no asset for is refused with unknown_asset; the window says why and cannot approve', async ({
  firefox,
  walletPage,
  hostile,
}) => {
  hostile.behavior.verifyingContract = UNKNOWN_CONTRACT;
  const { demo } = await walletOnDemoPage(firefox.browser, walletPage, hostile.url);
  await unknownAssetRefusedAtOnce(demo, walletPage);

  const notice = await nextApproval(firefox);
  await expect.poll(() => textNow(notice, byTestId(TID.approvalUnknownAsset))).toContain(UNKNOWN_CONTRACT);
  expect(await shown(notice, byTestId(TID.approve))).toEqual([]);
  await decide(notice, 'reject');
  await unknownAssetDeclined(demo, walletPage, hostile, () => approvalWindows(firefox));
});

test('Firefox: an overcharge stops signing for the vendor until the user resumes it in the popup', async ({ firefox, walletPage, hostile }) => {
  const { demo } = await walletOnDemoPage(firefox.browser, walletPage, hostile.url);
  expect((await firstPaidRequest(firefox, demo, '/api/data?n=1')).status).toBe(200);
  await overchargeHolds(demo, walletPage, hostile);

  const popup = await openExtensionPage(firefox, POPUP_PATH);
  await popup.waitForSelector(byTestId(TID.tabVendors));
  await popup.click(byTestId(TID.tabVendors));
  const card = `${byTestId(TID.vendorCard)}[data-vendor="${hostile.vendor}"]`;
  await expect.poll(() => textNow(popup, `${card} ${byTestId(TID.vendorHold)}`)).toContain(OVERCHARGE_HOLD);
  await popup.click(`${card} ${byTestId(TID.vendorResume)}`);
  await expect.poll(async () => (await shown(popup, `${card} ${byTestId(TID.vendorHold)}`)).length).toBe(0);
  await resumedSignsAgain(demo, hostile);
});

test('Firefox: a nextNonce far ahead signs nothing (nonce_jump)', async ({ firefox, walletPage, hostile }) => {
  const { demo } = await walletOnDemoPage(firefox.browser, walletPage, hostile.url);
  expect((await firstPaidRequest(firefox, demo, '/api/data?n=1')).status).toBe(200);
  await nonceJumpSignsNothing(demo, walletPage, hostile);
});

test('Firefox: at nonce 2^64 - 1 no further voucher reserves atoms, and nothing reads wallet_locked', async ({ firefox, walletPage, hostile }) => {
  startAtLastNonce(hostile);
  const { demo } = await walletOnDemoPage(firefox.browser, walletPage, hostile.url);
  // A 100-atom voucher: every receipt leaves credit below the top-up threshold, so each asks for the next.
  expect((await firstPaidRequest(firefox, demo, '/api/data?n=1', LAST_NONCE_LIMITS)).status).toBe(200);
  await lastNonceReservesNothing(demo, walletPage, hostile);
});
