import type { Page } from '@playwright/test';
import { getAddress, type Address } from 'viem';
import { encodeReceiptEvent, type Receipt } from '../src/protocol';
import { expect, test } from './fixtures';
import { settledRecords } from './support/assertions';
import { LOCAL_DEPLOYMENT } from '../src/chain/local-deployment';
import { createWallet, firstPaidRequest, nextApproval, pageFetch, walletOnDemoPage } from './support/flows';
import { Forever402Vendor, inventedAddress } from './support/forever-402-vendor';
import { TestSite } from './support/test-site';
import { callWorker, readRecords } from './support/worker-calls';

/**
 * Installed before any page script: every value passed to Headers.prototype.set/append,
 * Map.prototype.set, MessagePort.prototype.postMessage and XMLHttpRequest.prototype.setRequestHeader,
 * and every message arriving on a port, is kept; ports are kept so the page can post on them.
 */
function spy() {
  const state = { strings: [] as string[], ports: [] as MessagePort[] };
  (window as unknown as { __spy: typeof state }).__spy = state;
  const keep = (value: unknown) => {
    try {
      const text = typeof value === 'string' ? value : JSON.stringify(value, (_key, item) => (typeof item === 'bigint' ? String(item) : item));
      if (text) state.strings.push(text);
    } catch {
      /* a value that does not serialise (a port) */
    }
  };
  const targets: [object, string][] = [
    [Headers.prototype, 'set'],
    [Headers.prototype, 'append'],
    [Map.prototype, 'set'],
    [MessagePort.prototype, 'postMessage'],
    [XMLHttpRequest.prototype, 'setRequestHeader'],
  ];
  for (const [proto, name] of targets) {
    const original = (proto as Record<string, (...args: unknown[]) => unknown>)[name]!;
    (proto as Record<string, unknown>)[name] = function (this: unknown, ...args: unknown[]) {
      for (const arg of args) keep(arg);
      if (this instanceof MessagePort && !state.ports.includes(this)) state.ports.push(this);
      return original.apply(this, args);
    };
  }
  const onmessage = Object.getOwnPropertyDescriptor(MessagePort.prototype, 'onmessage')!;
  Object.defineProperty(MessagePort.prototype, 'onmessage', {
    ...onmessage,
    set(this: MessagePort, handler: ((event: MessageEvent) => void) | null) {
      if (!state.ports.includes(this)) state.ports.push(this);
      onmessage.set!.call(this, handler && ((event: MessageEvent) => (keep(event.data), handler.call(this, event))));
    },
  });
}

type Spied = { strings: string[] };
const spied = (page: Page) => page.evaluate(() => ({ strings: (window as unknown as { __spy: Spied }).__spy.strings }));

/** Posts raw messages on every port the page's spy has seen (the wrapper's port to the bridge). */
function postOnPorts(page: Page, messages: unknown[]) {
  return page.evaluate((list) => {
    for (const port of (window as unknown as { __spy: { ports: MessagePort[] } }).__spy.ports) for (const message of list) port.postMessage(message);
  }, messages);
}

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
    const xhr = await demo.evaluate(
      () =>
        new Promise<{ status: number; headers: string }>((resolve) => {
          const request = new XMLHttpRequest();
          request.open('GET', '/api/echo?q=xhr');
          request.setRequestHeader('accept', 'application/json');
          request.onload = () => resolve({ status: request.status, headers: request.getAllResponseHeaders() });
          request.send();
        }),
    );
    expect(xhr.status).toBe(200);
    expect(xhr.headers).not.toMatch(/^x-voucher-receipt:/m);
    const fetched = await pageFetch(demo, '/api/echo?q=fetch', { headers: { 'x-client-tx-ref': 'mine' } });
    expect(fetched).toMatchObject({ status: 200, receiptHeader: null });
    expect((await vendor.charged(address)).requests).toBe(3);

    const { strings } = await spied(demo);
    expect(strings.length).toBeGreaterThan(0); // the spy saw the wrapper's traffic
    const everything = strings.join('\n').toLowerCase();
    expect(everything).not.toContain(address.toLowerCase());
    expect(everything).not.toContain(address.toLowerCase().slice(2));
    expect(everything).not.toMatch(/v1\.[a-z0-9_-]{40,}/); // no x-voucher header, no receipt

    // Forged receipts on the wrapper's own port: credit gone, for this very vendor and client.
    const signedBefore = (await callWorker(walletPage, 'vendors.list', {}))[0]!.vouchersSigned;
    const forged: Receipt = {
      vendor: vendorInfo.vendor as Address,
      client: address,
      cost: 1n,
      nonce: 0n,
      lastNonce: 0n,
      serviceTxRef: 'forged',
      usage: { elapsedMs: 1n, bytes: 1n },
      credit: { unspent: 1n, unmarked: 1n, locked: 0n, cap: 10n ** 12n, available: 0n },
    };
    const data = encodeReceiptEvent(forged).split('data: ')[1]!.trim();
    const url = `${vendorInfo.url}/api/stream`;
    await postOnPorts(
      demo,
      Array.from({ length: 5 }, (_, i) => [
        { id: 9000 + i, type: 'page.streamReceipt', input: { url, data, signature: `0x${'1'.repeat(130)}` } },
        { id: 9100 + i, type: 'page.records', input: { events: [{ clientTxRef: `f${i}`, receipt: { source: 'header', value: 'v1.x', elapsedMs: 1 } }] } },
      ]).flat(),
    );
    // The worker answered every forged receipt (the spy keeps the replies; the bridge relays no
    // page.records any more), and signed nothing.
    await expect.poll(async () => (await spied(demo)).strings.filter((text) => /"id":90\d\d,"reply"/.test(text)).length).toBe(5);
    expect((await callWorker(walletPage, 'vendors.list', {}))[0]!.vouchersSigned).toBe(signedBefore);
    expect((await settledRecords(walletPage, 3)).every((record) => record.status === 'paid')).toBe(true);
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
    await page.addInitScript((trusted) => {
      const post = MessagePort.prototype.postMessage;
      MessagePort.prototype.postMessage = function (this: MessagePort, message: { type?: string; input?: { url?: string } }, ...rest: never[]) {
        if (message?.type === 'page.paymentRequired' && message.input) message.input.url = `${trusted}/api/echo`;
        return post.call(this, message, ...rest);
      } as typeof post;
    }, vendorInfo.url);
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
    // Ordinary traffic of the page's own, then forged questions in the shape the worker used to accept.
    expect((await pageFetch(other, '/writer.html')).status).toBe(200);
    const request = { at: 0, method: 'POST', url: 'http://bank.example/transfer?to=attacker', headersSummary: {}, stream: false, protocol: 'http' };
    await postOnPorts(
      other,
      Array.from({ length: 20 }, (_, i) => ({
        id: 9200 + i,
        type: 'page.paymentRequired',
        input: { url: 'http://bank.example/transfer?to=attacker', status: 402, body: '{}', sentNewestNonce: null, clientTxRef: i === 0 ? 'squat' : `row-${i}`, request },
      })),
    );
    await expect.poll(async () => (await spied(other)).strings.filter((text) => /"id":92\d\d,"reply"/.test(text)).length).toBe(20);
    expect(await readRecords(walletPage)).toEqual([]);

    // The approved page's request with the squatted ref is recorded, as its own.
    expect((await firstPaidRequest(context, demo, '/api/echo?q=first')).status).toBe(200);
    expect((await pageFetch(demo, '/api/echo?q=squatted', { headers: { 'x-client-tx-ref': 'squat' } })).status).toBe(200);
    const records = await settledRecords(walletPage, 2);
    expect(records.map((record) => [record.status, record.meta?.pageOrigin])).toEqual([
      ['paid', vendorInfo.url],
      ['paid', vendorInfo.url],
    ]);
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
    await page.evaluate((origins) => {
      const state = { done: 0, statuses: [] as number[] };
      (window as unknown as { __flood: typeof state }).__flood = state;
      for (const origin of origins) void fetch(`${origin}/api/x`).then((r) => (state.statuses.push(r.status), state.done++));
    }, hostile.map((vendor) => vendor.origin));
    const flood = () => page.evaluate(() => (window as unknown as { __flood: { done: number } }).__flood.done);
    // 3 wait for the user (1 shown, 2 queued); the other 17 are refused at once and get their 402.
    await expect.poll(flood, { timeout: 30_000 }).toBe(17);
    await expect.poll(async () => (await callWorker(walletPage, 'approvals.list', {})).length).toBe(3);
    const windows = () => context.pages().filter((candidate) => !candidate.isClosed() && candidate.url().includes('#/approve/')).length;
    const approval = await nextApproval(context);
    expect(windows()).toBe(1);
    await approval.reject();
    await expect.poll(flood).toBe(18);
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
