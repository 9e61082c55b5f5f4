import { pageFetch, walletOnDemoPage } from '../support/flows';
import { axiosLike, eventSourcesPaid, listenToStream, XHR_FIRST, xhrPaidLikeFetch } from '../support/scenarios/every-request';
import { expect, test } from './fixtures';
import { decide, firstPaidRequest, nextApproval } from './support/flows';

// e2e/15-every-request.spec.ts on Firefox (the page's scripts and the checks: e2e/support/scenarios/every-request.ts).
// Its worker-stopped-after-a-402 race is Chromium's only: it stops the service worker over CDP.
test('Firefox: XMLHttpRequest and an axios-style XHR adapter are paid like fetch, the first 402 → approval → retry unseen', async ({
  firefox,
  vendor,
  vendorInfo,
  walletPage,
}) => {
  const { address, demo } = await walletOnDemoPage(firefox.browser, walletPage, vendorInfo.url);
  const first = axiosLike(demo, { method: 'get', url: XHR_FIRST });
  await decide(await nextApproval(firefox), 'approve');
  await xhrPaidLikeFetch(await first, demo, walletPage, vendor, address);
});

test('Firefox: EventSource: the first connection is paid after approval, later ones at once; the page reads every event, the wallet the receipt', async ({
  firefox,
  vendor,
  vendorInfo,
  walletPage,
}) => {
  const { address, demo } = await walletOnDemoPage(firefox.browser, walletPage, vendorInfo.url);
  const first = listenToStream(demo);
  await decide(await nextApproval(firefox), 'approve');
  await eventSourcesPaid(first, demo, walletPage, vendor, address);
});

test('Firefox: hello before the first request: an approved page loaded again pays its first request with no 402', async ({
  firefox,
  vendor,
  vendorInfo,
  walletPage,
}) => {
  const { address, demo } = await walletOnDemoPage(firefox.browser, walletPage, vendorInfo.url);
  expect((await firstPaidRequest(firefox, demo, '/api/echo?q=first')).status).toBe(200);
  const fresh = await firefox.browser.newPage();
  await fresh.goto(vendorInfo.url);
  expect((await pageFetch(fresh, '/api/echo?q=after-load')).status).toBe(200);
  expect((await vendor.paymentRequired(address)).total).toBe(1);
});
