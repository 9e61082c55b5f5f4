import type { Page } from '@playwright/test';
import { TID } from '../src/popup/testids';
import { expect, test as base } from './fixtures';
import { saveScreen } from './pages/screens';
import { VendorsPage } from './pages/VendorsPage';
import { firstPaidRequest, nextApproval, pageFetch, walletOnDemoPage } from './support/flows';
import type { HostileVendor } from './support/hostile-vendor';
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
} from './support/scenarios/hostile-vendor';

// Issue 14, "what a vendor can make the wallet do": each finding against a vendor written to attack
// (the vendor's moves and the checks: e2e/support/scenarios/hostile-vendor.ts).
const test = base.extend<{ hostile: HostileVendor }>(hostileFixture);

function approvalWindows(page: Page): number {
  return page.context().pages().filter((candidate) => !candidate.isClosed() && candidate.url().includes('#/approve/')).length;
}

test('a vendor answering 402 forever gets one voucher, not the budget', async ({ context, walletPage, hostile }) => {
  hostile.behavior.always402 = true;
  const { demo } = await walletOnDemoPage(context, walletPage, hostile.url);
  expect((await firstPaidRequest(context, demo, '/api/data')).status).toBe(402);
  await foreverPaymentRequired(demo, walletPage, hostile);
});

test('a raise of the approved prices stops signing and asks again, old → new; a cut is taken', async ({ context, walletPage, hostile }) => {
  const { demo } = await walletOnDemoPage(context, walletPage, hostile.url);
  expect((await firstPaidRequest(context, demo, '/api/data?n=1')).status).toBe(200);

  raisePrices(hostile);
  const raised = pageFetch(demo, '/api/data?n=2');
  const approval = await nextApproval(context);
  await expect(approval.page.getByTestId(TID.approvalRepriced)).toBeVisible();
  await expect(approval.page.getByTestId(TID.approvalPricePerHour)).toContainText(RAISED.perHour);
  await expect(approval.page.getByTestId(TID.approvalPricePerGB)).toContainText(RAISED.perGB);
  await nothingSignedWhileAsked(walletPage, hostile);
  await saveScreen(approval.page, 'approval-prices-raised');
  await approval.approve();
  await raiseApprovedCutTaken(raised, demo, walletPage, hostile, () => approvalWindows(demo));
});

test('the approval form proposes the wallet\'s small defaults in its own asset, not the vendor\'s 10^30 atoms and 30 decimals', async ({
  context,
  walletPage,
  hostile,
}) => {
  suggestHugeVouchers(hostile);
  const { demo } = await walletOnDemoPage(context, walletPage, hostile.url);
  const pending = pageFetch(demo, '/api/data');
  const approval = await nextApproval(context);
  await expect(approval.voucher).toHaveValue(SMALL_DEFAULTS.voucher);
  await expect(approval.budget).toHaveValue(SMALL_DEFAULTS.budget);
  await expect(approval.page.getByTestId(TID.approvalSuggested)).toContainText(SMALL_DEFAULTS.suggested);
  await saveScreen(approval.page, 'approval-huge-suggestion');
  await approval.approve();
  await smallDefaultsTaken(pending, walletPage, hostile);
});

test('a vendor on a chain and contract the wallet has no asset for is refused with unknown_asset; the window says why and cannot approve', async ({
  context,
  walletPage,
  hostile,
}) => {
  hostile.behavior.verifyingContract = UNKNOWN_CONTRACT;
  const { demo } = await walletOnDemoPage(context, walletPage, hostile.url);
  await unknownAssetRefusedAtOnce(demo, walletPage);

  const notice = await nextApproval(context);
  await expect(notice.page.getByTestId(TID.approvalUnknownAsset)).toContainText(UNKNOWN_CONTRACT);
  await expect(notice.page.getByTestId(TID.approve)).toHaveCount(0);
  await saveScreen(notice.page, 'approval-unknown-asset');
  await notice.reject();
  await unknownAssetDeclined(demo, walletPage, hostile, () => approvalWindows(demo));
});

test('an overcharge stops signing for the vendor until the user resumes it in the popup', async ({ context, walletPage, hostile, openPopup }) => {
  const { demo } = await walletOnDemoPage(context, walletPage, hostile.url);
  expect((await firstPaidRequest(context, demo, '/api/data?n=1')).status).toBe(200);
  await overchargeHolds(demo, walletPage, hostile);

  const popup = await openPopup();
  const vendors = await new VendorsPage(popup).open();
  const card = vendors.card(hostile.vendor);
  await expect(card.getByTestId(TID.vendorHold)).toContainText(OVERCHARGE_HOLD);
  await saveScreen(popup, 'vendors-hold-overcharge');
  await card.getByTestId(TID.vendorResume).click();
  await expect(card.getByTestId(TID.vendorHold)).toHaveCount(0);
  await resumedSignsAgain(demo, hostile);
});

test('a nextNonce far ahead signs nothing (nonce_jump)', async ({ context, walletPage, hostile }) => {
  const { demo } = await walletOnDemoPage(context, walletPage, hostile.url);
  expect((await firstPaidRequest(context, demo, '/api/data?n=1')).status).toBe(200);
  await nonceJumpSignsNothing(demo, walletPage, hostile);
});

test('at nonce 2^64 - 1 no further voucher reserves atoms, and nothing reads wallet_locked', async ({ context, walletPage, hostile }) => {
  startAtLastNonce(hostile);
  const { demo } = await walletOnDemoPage(context, walletPage, hostile.url);
  // A 100-atom voucher: every receipt leaves credit below the top-up threshold, so each asks for the next.
  expect((await firstPaidRequest(context, demo, '/api/data?n=1', LAST_NONCE_LIMITS)).status).toBe(200);
  await lastNonceReservesNothing(demo, walletPage, hostile);
});
