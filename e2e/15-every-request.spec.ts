import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { settledRecords } from './support/assertions';
import { killServiceWorker } from './support/extension';
import { createWallet, firstPaidRequest, nextApproval, pageFetch, walletOnDemoPage } from './support/flows';
import { TestSite } from './support/test-site';
import { callWorker, readRecords } from './support/worker-calls';

/** What axios' XHR adapter does with a request (lib/adapters/xhr.js, reduced to what a wallet meets). */
function axiosLike(page: Page, config: { method: string; url: string; data?: string }) {
  return page.evaluate(
    (config) =>
      new Promise<{ status: number; statusText: string; data: string; headers: string }>((resolve, reject) => {
        let request: XMLHttpRequest | null = new XMLHttpRequest();
        request.open(config.method.toUpperCase(), config.url, true);
        request.timeout = 30_000;
        const onloadend = () => {
          if (!request) return;
          resolve({ status: request.status, statusText: request.statusText, data: request.responseText, headers: request.getAllResponseHeaders() });
          request = null;
        };
        if ('onloadend' in request) request.onloadend = onloadend;
        else (request as XMLHttpRequest).onreadystatechange = () => request?.readyState === 4 && setTimeout(onloadend);
        request.onerror = () => reject(new Error('Network Error'));
        request.ontimeout = () => reject(new Error('timeout'));
        request.setRequestHeader('Accept', 'application/json, text/plain, */*');
        if (config.data !== undefined) request.setRequestHeader('Content-Type', 'application/json');
        request.send(config.data ?? null);
      }),
    config,
  );
}

test('XMLHttpRequest and an axios-style XHR adapter are paid like fetch, the first 402 → approval → retry unseen', async ({
  context,
  vendor,
  vendorInfo,
  walletPage,
}) => {
  const { address, demo } = await walletOnDemoPage(context, walletPage, vendorInfo.url);
  const first = axiosLike(demo, { method: 'get', url: '/api/echo?q=axios-first' });
  await (await nextApproval(context)).approve();
  const answered = await first;
  expect(answered).toMatchObject({ status: 200, statusText: 'OK' });
  expect(JSON.parse(answered.data)).toMatchObject({ echo: 'axios-first' });
  expect(answered.headers).toMatch(/^content-type: application\/json/m);
  expect(answered.headers).not.toMatch(/^x-voucher-receipt:/m);

  const data = await axiosLike(demo, { method: 'get', url: '/api/data?bytes=2000' });
  expect(data.status).toBe(200);
  expect(data.data).toHaveLength(2000);
  const plain = await demo.evaluate(
    () =>
      new Promise<{ status: number; echo: string; states: number[]; events: string[]; isXhr: boolean }>((resolve) => {
        const request = new XMLHttpRequest();
        const states: number[] = [];
        const events: string[] = [];
        request.onreadystatechange = () => states.push(request.readyState);
        for (const type of ['loadstart', 'load', 'loadend']) request.addEventListener(type, () => events.push(type));
        request.open('GET', '/api/echo?q=plain');
        request.responseType = 'json';
        request.onload = () =>
          setTimeout(() => resolve({ status: request.status, echo: (request.response as { echo: string }).echo, states, events, isXhr: request instanceof XMLHttpRequest }));
        request.send();
      }),
  );
  expect(plain).toEqual({ status: 200, echo: 'plain', states: [1, 2, 3, 4], events: ['loadstart', 'load', 'loadend'], isXhr: true });

  // The vendor was asked to pay once (the first request), and charged three paid requests.
  expect((await vendor.paymentRequired(address)).total).toBe(1);
  expect((await vendor.charged(address)).requests).toBe(3);
  const records = await settledRecords(walletPage, 3);
  expect(records.every((record) => record.status === 'paid')).toBe(true);
});

test('EventSource: the first connection is paid after approval, later ones at once; the page reads every event, the wallet the receipt', async ({
  context,
  vendor,
  vendorInfo,
  walletPage,
}) => {
  const { address, demo } = await walletOnDemoPage(context, walletPage, vendorInfo.url);
  const listen = () =>
    demo.evaluate(
      () =>
        new Promise<{ ticks: number[]; states: number[] }>((resolve) => {
          const source = new EventSource('/api/stream?seconds=1');
          const ticks: number[] = [];
          const states: number[] = [];
          source.onopen = () => states.push(source.readyState);
          source.addEventListener('tick', (event) => ticks.push(JSON.parse((event as MessageEvent<string>).data).tick));
          source.addEventListener('voucher-receipt', () => ticks.push(-1)); // never: the wallet takes it
          // The vendor closes the stream after its last event; EventSource would reconnect.
          source.onerror = () => {
            source.close();
            resolve({ ticks, states });
          };
        }),
    );
  const first = listen();
  await (await nextApproval(context)).approve();
  expect(await first).toEqual({ ticks: [1, 2, 3, 4, 5], states: [1] });
  expect(await listen()).toEqual({ ticks: [1, 2, 3, 4, 5], states: [1] });
  const records = await settledRecords(walletPage, 2);
  expect(records.map((record) => [record.status, record.stream])).toEqual([
    ['paid', true],
    ['paid', true],
  ]);
  expect((await vendor.charged(address)).charged).toBe(records.reduce((sum, record) => sum + record.payment!.cost, 0n));
  expect((await vendor.charged(address)).requests).toBe(2);
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
