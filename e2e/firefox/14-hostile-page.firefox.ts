import { getAddress } from 'viem';
import { LOCAL_DEPLOYMENT } from '../../src/chain/local-deployment';
import { TID } from '../../src/popup/testids';
import { createWallet, pageFetch, walletOnDemoPage } from '../support/flows';
import { Forever402Vendor, inventedAddress } from '../support/forever-402-vendor';
import {
  flood,
  flooded,
  forgedQuestionsWriteNothing,
  marked402,
  rewriteQuestionUrl,
  spiedPageSeesNothing,
  spy,
  squattedRefIsOwn,
} from '../support/scenarios/hostile-page';
import { TestSite } from '../support/test-site';
import { callWorker } from '../support/worker-calls';
import { expect, test } from './fixtures';
import { byTestId, textNow } from './support/firefox';
import { approvalWindows, decide, firstPaidRequest, nextApproval } from './support/flows';

// e2e/14-hostile-page.spec.ts on Firefox (the page's scripts and the checks: e2e/support/scenarios/hostile-page.ts).
// The spies are preload scripts (BiDi script.addPreloadScript), run before the wallet's MAIN-world wrapper.
test.describe('Firefox: a hostile page', () => {
  let site: TestSite;
  const hostile: Forever402Vendor[] = [];
  test.beforeEach(async () => {
    site = await new TestSite().start();
  });
  test.afterEach(async () => {
    await Promise.all([site.stop(), ...hostile.splice(0).map((vendor) => vendor.stop())]);
  });

  test('a script on an approved page patching Headers, Map, MessagePort and XHR sees no voucher header and no address; forged receipts sign nothing', async ({
    firefox,
    vendor,
    vendorInfo,
    walletPage,
  }) => {
    const address = await createWallet(walletPage);
    const demo = await firefox.browser.newPage();
    await demo.evaluateOnNewDocument(spy);
    await demo.goto(vendorInfo.url);
    expect((await firstPaidRequest(firefox, demo, '/api/echo?q=first')).status).toBe(200);
    await spiedPageSeesNothing(demo, walletPage, vendor, vendorInfo, address);
  });

  test("a page naming a trusted vendor's URL for a 402 from another vendor: the approval shows the one that answered", async ({
    firefox,
    vendorInfo,
    walletPage,
  }) => {
    await createWallet(walletPage);
    const attacker = await new Forever402Vendor({ vendor: inventedAddress(), verifyingContract: LOCAL_DEPLOYMENT.contract }).start();
    hostile.push(attacker);
    const page = await firefox.browser.newPage();
    await page.evaluateOnNewDocument(spy);
    // The page rewrites the wrapper's question on its way to the bridge: the trusted vendor's URL.
    await page.evaluateOnNewDocument(rewriteQuestionUrl, vendorInfo.url);
    await page.goto(site.page('/lure.html', '<!doctype html><title>lure</title>'));
    const pending = pageFetch(page, `${attacker.origin}/api/anything`);
    const approval = await nextApproval(firefox);
    await expect.poll(() => textNow(approval, byTestId(TID.approvalVendor))).toBe(attacker.origin);
    await expect.poll(() => textNow(approval, byTestId(TID.approvalPage))).toBe(site.origin);
    expect(await callWorker(walletPage, 'approvals.list', {})).toEqual([
      expect.objectContaining({ vendorOrigin: attacker.origin, vendor: getAddress(attacker.identity.vendor), pageOrigin: site.origin }),
    ]);
    await decide(approval, 'reject');
    expect((await pending).status).toBe(402);
  });

  test("an unapproved page writes no history, and cannot squat an approved page's x-client-tx-ref", async ({ firefox, vendorInfo, walletPage }) => {
    const { demo } = await walletOnDemoPage(firefox.browser, walletPage, vendorInfo.url);
    const other = await firefox.browser.newPage();
    await other.evaluateOnNewDocument(spy);
    await other.goto(site.page('/writer.html', '<!doctype html><title>writer</title>'));
    await forgedQuestionsWriteNothing(other, walletPage, marked402(site));

    // The approved page's request with the squatted ref is recorded, as its own.
    expect((await firstPaidRequest(firefox, demo, '/api/echo?q=first')).status).toBe(200);
    await squattedRefIsOwn(demo, walletPage, vendorInfo);
  });

  test('20 vendors answering a page at once open one approval window, the queue is bounded, the next opens after a decision', async ({
    firefox,
    walletPage,
  }) => {
    await createWallet(walletPage);
    // Invented vendors in the wallet's own asset (an unknown asset is refused before any queue).
    hostile.push(
      ...(await Promise.all(
        Array.from({ length: 20 }, () => new Forever402Vendor({ vendor: inventedAddress(), verifyingContract: LOCAL_DEPLOYMENT.contract }).start()),
      )),
    );
    const page = await firefox.browser.newPage();
    await page.goto(site.page('/flood.html', '<!doctype html><title>flood</title>'));
    await flood(page, hostile.map((vendor) => vendor.origin));
    // 3 wait for the user (1 shown, 2 queued); the other 17 are refused at once and get their 402.
    await expect.poll(() => flooded(page), { timeout: 30_000 }).toBe(17);
    await expect.poll(async () => (await callWorker(walletPage, 'approvals.list', {})).length).toBe(3);
    const approval = await nextApproval(firefox);
    expect(await approvalWindows(firefox)).toBe(1);
    await decide(approval, 'reject');
    await expect.poll(() => flooded(page)).toBe(18);
    await expect.poll(() => approvalWindows(firefox)).toBe(1);
    expect(await callWorker(walletPage, 'approvals.list', {})).toHaveLength(2);
  });
});
