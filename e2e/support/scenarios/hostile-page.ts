import { expect } from '@playwright/test';
import type { Address } from 'viem';
import { encodeReceiptEvent, type Receipt } from '../../../src/protocol';
import { settledRecords } from '../assertions';
import { evaluateIn, type AnyPage } from '../evaluate';
import { pageFetch } from '../flows';
import type { TestSite } from '../test-site';
import { REQUIREMENTS_HEADER } from '../../../src/protocol/constants';
import type { VendorInfo, VendorProcess } from '../vendor-process';
import { callWorker, readRecords } from '../worker-calls';

// Scenario 14 (e2e/14-hostile-page.spec.ts, e2e/firefox/14-hostile-page.firefox.ts): the hostile
// page's scripts and the checks both browsers share; approval windows are each driver's own.

/**
 * Installed before any page script: every value passed to Headers.prototype.set/append,
 * Map.prototype.set, MessagePort.prototype.postMessage and XMLHttpRequest.prototype.setRequestHeader,
 * and every message arriving on a port, is kept; ports are kept so the page can post on them.
 */
export function spy(): void {
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
      if (this instanceof MessagePort && !state.ports.includes(this)) {
        state.ports.push(this);
        // A port whose handler the spy did not wrap (set before the spy ran: in Firefox the
        // wallet's wrapper runs before any test hook): what arrives on it is kept all the same.
        this.addEventListener('message', (event) => keep(event.data));
      }
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
/** What the page's spy kept so far. */
export const spied = (page: AnyPage) => evaluateIn(page, () => ({ strings: (window as unknown as { __spy: Spied }).__spy.strings }), undefined);

/** Posts raw messages on every port the page's spy has seen (the wrapper's port to the bridge). */
export function postOnPorts(page: AnyPage, messages: unknown[]) {
  return evaluateIn(page, (list: unknown[]) => {
    for (const port of (window as unknown as { __spy: { ports: MessagePort[] } }).__spy.ports) for (const message of list) port.postMessage(message);
  }, messages);
}

/**
 * Installed before any page script: rewrites the wrapper's question on its way to the bridge so it
 * names `trusted`'s URL, whatever vendor answered the 402.
 */
export function rewriteQuestionUrl(trusted: string): void {
  const post = MessagePort.prototype.postMessage;
  MessagePort.prototype.postMessage = function (this: MessagePort, message: { type?: string; input?: { url?: string } }, ...rest: never[]) {
    if (message?.type === 'page.paymentRequired' && message.input) message.input.url = `${trusted}/api/echo`;
    return post.call(this, message, ...rest);
  } as typeof post;
}

/**
 * After a first paid request from `demo` (spied on since before its scripts ran): an XHR and a
 * fetch are paid, the spy saw the wrapper's traffic but no voucher header and no address, and
 * forged receipts on the wrapper's own port sign nothing.
 */
export async function spiedPageSeesNothing(demo: AnyPage, walletPage: AnyPage, vendor: VendorProcess, vendorInfo: VendorInfo, address: Address): Promise<void> {
  const xhr = await evaluateIn(
    demo,
    () =>
      new Promise<{ status: number; headers: string }>((resolve) => {
        const request = new XMLHttpRequest();
        request.open('GET', '/api/echo?q=xhr');
        request.setRequestHeader('accept', 'application/json');
        request.onload = () => resolve({ status: request.status, headers: request.getAllResponseHeaders() });
        request.send();
      }),
    undefined,
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
}

/** A 402 the page's own server answers, marked as this protocol's but naming no vendor: its URL. */
export function marked402(site: TestSite): string {
  return site.answer('/marked-402', { status: 402, headers: { [REQUIREMENTS_HEADER]: 'v1', 'content-type': 'application/json' }, body: '{}' });
}

/**
 * From `other` (unapproved, spied on): its own traffic, a 402 marked as this protocol's from its
 * own server at `marked402` (the wrapper asks the worker about it, so a spy that came after the
 * wrapper learns its port too; refused, unrecorded), then 20 forged questions in the shape the
 * worker used to accept; none writes history.
 */
export async function forgedQuestionsWriteNothing(other: AnyPage, walletPage: AnyPage, marked402: string): Promise<void> {
  // Ordinary traffic of the page's own, then forged questions in the shape the worker used to accept.
  expect((await pageFetch(other, '/writer.html')).status).toBe(200);
  expect((await pageFetch(other, marked402)).status).toBe(402);
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
}

/** After the approved page's first paid request: its request with the ref the other page squatted is recorded, as its own. */
export async function squattedRefIsOwn(demo: AnyPage, walletPage: AnyPage, vendorInfo: VendorInfo): Promise<void> {
  expect((await pageFetch(demo, '/api/echo?q=squatted', { headers: { 'x-client-tx-ref': 'squat' } })).status).toBe(200);
  const records = await settledRecords(walletPage, 2);
  expect(records.map((record) => [record.status, record.meta?.pageOrigin])).toEqual([
    ['paid', vendorInfo.url],
    ['paid', vendorInfo.url],
  ]);
}

/** Fetches from every origin at once, from the page; `flooded` counts the answers. */
export async function flood(page: AnyPage, origins: string[]): Promise<void> {
  await evaluateIn(
    page,
    (origins: string[]) => {
      const state = { done: 0, statuses: [] as number[] };
      (window as unknown as { __flood: typeof state }).__flood = state;
      for (const origin of origins) void fetch(`${origin}/api/x`).then((r) => (state.statuses.push(r.status), state.done++));
    },
    origins,
  );
}

/** How many of `flood`'s requests have been answered. */
export function flooded(page: AnyPage): Promise<number> {
  return evaluateIn(page, () => (window as unknown as { __flood: { done: number } }).__flood.done, undefined);
}
