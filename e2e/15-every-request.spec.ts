import { expect, test } from './fixtures';
import { killServiceWorker } from './support/extension';
import { createWallet, firstPaidRequest, nextApproval, pageFetch, walletOnDemoPage } from './support/flows';
import { TestSite } from './support/test-site';
import { callWorker, readRecords } from './support/worker-calls';
import { axiosLike, eventSourcesPaid, listenToStream, XHR_FIRST, xhrPaidLikeFetch } from './support/scenarios/every-request';

test('XMLHttpRequest and an axios-style XHR adapter are paid like fetch, the first 402 → approval → retry unseen', async ({
  context,
  vendor,
  vendorInfo,
  walletPage,
}) => {
  const { address, demo } = await walletOnDemoPage(context, walletPage, vendorInfo.url);
  const first = axiosLike(demo, { method: 'get', url: XHR_FIRST });
  await (await nextApproval(context)).approve();
  await xhrPaidLikeFetch(await first, demo, walletPage, vendor, address);
});

test('EventSource: the first connection is paid after approval, later ones at once; the page reads every event, the wallet the receipt', async ({
  context,
  vendor,
  vendorInfo,
  walletPage,
}) => {
  const { address, demo } = await walletOnDemoPage(context, walletPage, vendorInfo.url);
  const first = listenToStream(demo);
  await (await nextApproval(context)).approve();
  await eventSourcesPaid(first, demo, walletPage, vendor, address);
});

test('a worker stopped 0–60 ms after a first 402 never leaves an approval without its window, nor a window whose close does not answer the page', async ({
  context,
  vendorInfo,
  walletPage,
}) => {
  test.slow();
  await createWallet(walletPage);
  const sites: TestSite[] = [];
  const approvalWindows = () => context.pages().filter((candidate) => !candidate.isClosed() && candidate.url().includes('#/approve/'));
  let shown = 0;
  try {
    for (const delay of [0, 10, 20, 30, 40, 50, 60]) {
      const site = await new TestSite().start();
      sites.push(site);
      const page = await context.newPage();
      await page.goto(site.page('/race.html', '<!doctype html><title>race</title>'));
      const asked = pageFetch(page, `${vendorInfo.url}/api/echo?q=race-${delay}`);
      await new Promise((resolve) => setTimeout(resolve, delay)); // the kill's moment is what is tested
      await killServiceWorker(context, walletPage);
      // Either the user is asked (a window), or — the worker stopped while it was still storing what
      // the browser reported of the 402 — the page gets that 402 at once, with nothing left pending.
      const outcome = await Promise.race([nextApproval(context).then((approval) => ({ approval })), asked.then((response) => ({ response }))]);
      if ('approval' in outcome) {
        shown++;
        await expect(outcome.approval.pageOrigin).toHaveText(site.origin);
        expect(await callWorker(walletPage, 'approvals.list', {})).toHaveLength(1);
        expect(approvalWindows()).toHaveLength(1);
        await outcome.approval.page.close();
        expect((await asked).status).toBe(402);
      } else {
        expect(outcome.response.status).toBe(402);
      }
      // No approval waits without its window, and none is left behind.
      await expect.poll(async () => (await callWorker(walletPage, 'approvals.list', {})).length).toBe(0);
      expect(approvalWindows()).toHaveLength(0);
      await page.close();
    }
    // Most kills land after the 402 was stored; each of those asked the user once, and its close rejected.
    expect(shown).toBeGreaterThanOrEqual(4);
    const rejected = (await readRecords(walletPage)).filter((record) => record.errorCode === 'vendor_rejected');
    expect(rejected).toHaveLength(shown);
  } finally {
    await Promise.all(sites.map((site) => site.stop()));
  }
});

test('hello before the first request: an approved page loaded again pays its first request with no 402', async ({ context, vendor, vendorInfo, walletPage }) => {
  const { address, demo } = await walletOnDemoPage(context, walletPage, vendorInfo.url);
  expect((await firstPaidRequest(context, demo, '/api/echo?q=first')).status).toBe(200);
  const fresh = await context.newPage();
  await fresh.goto(vendorInfo.url);
  expect((await pageFetch(fresh, '/api/echo?q=after-load')).status).toBe(200);
  expect((await vendor.paymentRequired(address)).total).toBe(1);
});
