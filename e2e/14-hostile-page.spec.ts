import { getAddress } from 'viem';
import { expect, test } from './fixtures';
import { LOCAL_DEPLOYMENT } from '../src/chain/local-deployment';
import { createWallet, firstPaidRequest, nextApproval, pageFetch, walletOnDemoPage } from './support/flows';
import { Forever402Vendor, inventedAddress } from './support/forever-402-vendor';
import {
  flood,
  flooded,
  forgedQuestionsWriteNothing,
  marked402,
  rewriteQuestionUrl,
  spiedPageSeesNothing,
  spy,
  squattedRefIsOwn,
} from './support/scenarios/hostile-page';
import { TestSite } from './support/test-site';
import { callWorker } from './support/worker-calls';

test.describe('a hostile page', () => {
  let site: TestSite;
  const hostile: Forever402Vendor[] = [];
  test.beforeEach(async () => {
    site = await new TestSite().start();
  });
  test.afterEach(async () => {
    await Promise.all([site.stop(), ...hostile.splice(0).map((vendor) => vendor.stop())]);
  });

  test('a script on an approved page patching Headers, Map, MessagePort and XHR sees no voucher header and no address; forged receipts sign nothing', async ({
    context,
    vendor,
    vendorInfo,
    walletPage,
  }) => {
    const address = await createWallet(walletPage);
    const demo = await context.newPage();
    await demo.addInitScript(spy);
    await demo.goto(vendorInfo.url);
    expect((await firstPaidRequest(context, demo, '/api/echo?q=first')).status).toBe(200);
    await spiedPageSeesNothing(demo, walletPage, vendor, vendorInfo, address);
  });

  test('a page naming a trusted vendor\'s URL for a 402 from another vendor: the approval shows the one that answered', async ({
    context,
    vendorInfo,
    walletPage,
  }) => {
    await createWallet(walletPage);
    const attacker = await new Forever402Vendor({ vendor: inventedAddress(), verifyingContract: LOCAL_DEPLOYMENT.contract }).start();
    hostile.push(attacker);
    const page = await context.newPage();
    await page.addInitScript(spy);
    // The page rewrites the wrapper's question on its way to the bridge: the trusted vendor's URL.
    await page.addInitScript(rewriteQuestionUrl, vendorInfo.url);
    await page.goto(site.page('/lure.html', '<!doctype html><title>lure</title>'));
    const pending = pageFetch(page, `${attacker.origin}/api/anything`);
    const approval = await nextApproval(context);
    await expect(approval.vendorOrigin).toHaveText(attacker.origin);
    await expect(approval.pageOrigin).toHaveText(site.origin);
    expect(await callWorker(walletPage, 'approvals.list', {})).toEqual([
      expect.objectContaining({ vendorOrigin: attacker.origin, vendor: getAddress(attacker.identity.vendor), pageOrigin: site.origin }),
    ]);
    await approval.reject();
    expect((await pending).status).toBe(402);
  });

  test('an unapproved page writes no history, and cannot squat an approved page\'s x-client-tx-ref', async ({ context, vendorInfo, walletPage }) => {
    const { demo } = await walletOnDemoPage(context, walletPage, vendorInfo.url);
    const other = await context.newPage();
    await other.addInitScript(spy);
    await other.goto(site.page('/writer.html', '<!doctype html><title>writer</title>'));
    await forgedQuestionsWriteNothing(other, walletPage, marked402(site));

    // The approved page's request with the squatted ref is recorded, as its own.
    expect((await firstPaidRequest(context, demo, '/api/echo?q=first')).status).toBe(200);
    await squattedRefIsOwn(demo, walletPage, vendorInfo);
  });

  test('20 vendors answering a page at once open one approval window, the queue is bounded, the next opens after a decision', async ({
    context,
    walletPage,
  }) => {
    await createWallet(walletPage);
    for (let i = 0; i < 20; i++) {
      // Invented vendors in the wallet's own asset (an unknown asset is refused before any queue).
      hostile.push(await new Forever402Vendor({ vendor: inventedAddress(), verifyingContract: LOCAL_DEPLOYMENT.contract }).start());
    }
    const page = await context.newPage();
    await page.goto(site.page('/flood.html', '<!doctype html><title>flood</title>'));
    await flood(page, hostile.map((vendor) => vendor.origin));
    // 3 wait for the user (1 shown, 2 queued); the other 17 are refused at once and get their 402.
    await expect.poll(() => flooded(page), { timeout: 30_000 }).toBe(17);
    await expect.poll(async () => (await callWorker(walletPage, 'approvals.list', {})).length).toBe(3);
    const windows = () => context.pages().filter((candidate) => !candidate.isClosed() && candidate.url().includes('#/approve/')).length;
    const approval = await nextApproval(context);
    expect(windows()).toBe(1);
    await approval.reject();
    await expect.poll(() => flooded(page)).toBe(18);
    await expect.poll(windows).toBe(1);
    expect(await callWorker(walletPage, 'approvals.list', {})).toHaveLength(2);
  });
});
