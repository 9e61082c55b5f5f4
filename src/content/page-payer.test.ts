import { describe, expect, it } from 'vitest';
import type { PageOutput } from '../messaging/page-api';
import { RECEIPT_HEADER, VOUCHER_HEADER } from '../protocol/constants';
import { createPagePayer } from './page-payer';
import { fakeBridge } from './test-bridge';

const VENDOR = 'http://vendor.test';
const header = (nonce: bigint) => ({ vendorOrigin: VENDOR, header: `v1.n${nonce}`, newestNonce: nonce });

/** A worker that signs a top-up for every batch with a receipt; `prompt` is the pace it asks for. */
function worker(prompt: boolean) {
  let newest = 0n;
  return fakeBridge({
    'page.hello': () => ({ ok: true, value: { vendors: [header(0n)] } }),
    'page.records': ({ events }): { ok: true; value: PageOutput<'page.records'> } => {
      const topUp = events.some((event) => event.receipt) ? [header(++newest)] : [];
      return { ok: true, value: { vendors: topUp, receiptPace: [{ vendorOrigin: VENDOR, prompt }] } };
    },
  });
}

/** A vendor that answers every request with a receipt and remembers the voucher header each carried. */
function vendor() {
  const carried: (string | null)[] = [];
  const fetch = async (_input: RequestInfo | URL, init?: RequestInit) => {
    carried.push(new Headers(init?.headers).get(VOUCHER_HEADER));
    return new Response('ok', { headers: { [RECEIPT_HEADER]: 'receipt' } });
  };
  return { fetch: fetch as typeof globalThis.fetch, carried };
}

describe('page payer', () => {
  it('a request right after a receipt the worker wants promptly carries the top-up signed for it', async () => {
    const site = vendor();
    const payer = createPagePayer(worker(true).bridge, site.fetch);
    for (let i = 0; i < 3; i++) await payer.fetch(`${VENDOR}/api`);
    expect(site.carried).toEqual(['v1.n0', 'v1.n1', 'v1.n2']);
  });

  it('a vendor whose receipts may wait is not waited on: its requests keep the header they have', async () => {
    const site = vendor();
    const bridge = worker(false);
    const payer = createPagePayer(bridge.bridge, site.fetch);
    await payer.fetch(`${VENDOR}/api`);
    await payer.fetch(`${VENDOR}/api`); // the first receipt goes before the worker said "relaxed"
    await payer.fetch(`${VENDOR}/api`);
    expect(site.carried).toEqual(['v1.n0', 'v1.n1', 'v1.n1']);
  });
});
