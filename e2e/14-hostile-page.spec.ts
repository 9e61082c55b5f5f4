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
import { callWorker, readRecords } from './support/worker-calls';

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
  test('2,000 fetches to one vendor not yet approved ask the worker once, and all get their 402 when the user declines', async ({
    context,
    walletPage,
  }) => {
    await createWallet(walletPage);
    const vendor = await new Forever402Vendor({ vendor: inventedAddress(), verifyingContract: LOCAL_DEPLOYMENT.contract }).start();
    hostile.push(vendor);
    const page = await context.newPage();
    // Counts the page payer's questions to the worker (a light spy: 2,000 requests through the
    // full one above take too long to be a test of the wallet).
    await page.addInitScript(() => {
      const counted = { questions: 0 };
      (window as unknown as { __questions: typeof counted }).__questions = counted;
      const post = MessagePort.prototype.postMessage;
      MessagePort.prototype.postMessage = function (this: MessagePort, message: unknown, ...rest: never[]) {
        if ((message as { type?: unknown } | null)?.type === 'page.paymentRequired') counted.questions++;
        return post.call(this, message, ...rest);
      };
    });
    await page.goto(site.page('/flood-one.html', '<!doctype html><title>flood</title>'));
    await page.evaluate((origin) => {
      const state = { done: 0, statuses: [] as number[] };
      (window as unknown as { __flood: typeof state }).__flood = state;
      for (let i = 0; i < 2_000; i++) {
        void fetch(`${origin}/api/x?i=${i}`)
          .then((r) => r.status, () => -1)
          .then((status) => (state.statuses[status] = (state.statuses[status] ?? 0) + 1, state.done++));
      }
    }, vendor.origin);
    const approval = await nextApproval(context);
    const questions = () => page.evaluate(() => (window as unknown as { __questions: { questions: number } }).__questions.questions);
    // The 402s pour in (the browser holds back the rest while the page payer holds the first
    // ones for the decision), and the page payer asked the worker once: a held question, no
    // polling (was ~2,000 questions a second, and 1,350 pending records).
    await expect.poll(() => vendor.seen.filter((request) => request.startsWith('GET /api/x')).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(1_000);
    expect(await questions()).toBe(1);
    expect(await readRecords(walletPage)).toEqual([]);
    await approval.reject();
    const flood = () => page.evaluate(() => {
      const state = (window as unknown as { __flood: { done: number; statuses: Record<number, number> } }).__flood;
      return { done: state.done, statuses: { ...state.statuses } };
    });
    // None hangs: every request the vendor answered gets its 402; the browser fails the rest
    // itself (too many at once for one page: net::ERR_INSUFFICIENT_RESOURCES, with or without
    // the wallet), as it would without the wallet.
    await expect.poll(async () => (await flood()).done, { timeout: 30_000 }).toBe(2_000);
    const { statuses } = await flood();
    expect(Object.keys(statuses).sort()).toEqual(Object.keys(statuses).length === 1 ? ['402'] : ['-1', '402']);
    expect(statuses[402]).toBe(vendor.seen.filter((request) => request.startsWith('GET /api/x')).length);
    // Every request left before the decision, so its 402 shares it: still one question, and
    // the page's history of that vendor is one refusal, not 2,000.
    expect(await questions()).toBe(1);
    expect((await readRecords(walletPage)).map((record) => record.errorCode)).toEqual(['vendor_rejected']);
  });
});
