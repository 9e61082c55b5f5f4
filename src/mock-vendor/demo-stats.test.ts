import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { createHttpClient } from '../payer';
import { MemoryVoucherStateStore } from '../payer/voucher-state/memory';
import { startVendor, type RunningVendor } from './server';

let vendor: RunningVendor;

beforeAll(async () => {
  vendor = await startVendor({ port: 0, store: 'memory', oracle: { demoCollateral: 1_000_000_000n } });
});
afterAll(async () => vendor?.close());

const stats = async () => (await fetch(`${vendor.url}/demo/stats`)).json() as Promise<Record<string, unknown>>;

describe('GET /demo/stats', () => {
  it('in demo mode: totals charged by this process, no chain, no faucet, and no client named', async () => {
    expect(await stats()).toEqual({
      vendor: vendor.vendor,
      asset: { symbol: 'USDC', decimals: 6, microUsdPerUnit: '1000000' },
      charged: '0',
      paidRequests: 0,
      chain: null,
      faucet: false,
      redemption: null,
    });
    const client = privateKeyToAccount(generatePrivateKey());
    const http = await createHttpClient({ baseUrl: vendor.url, signer: client, voucherState: new MemoryVoucherStateStore(), transactionLog: { persist: 'memory' } });
    const costs: bigint[] = [];
    for (const q of ['one', 'two']) costs.push((await http.requestAndWaitForPayment('GET', `/api/echo?q=${q}`)).payment!.cost);
    const after = await stats();
    expect(after).toMatchObject({ charged: String(costs[0]! + costs[1]!), paidRequests: 2 });
    expect(JSON.stringify(after).toLowerCase()).not.toContain(client.address.slice(2).toLowerCase());
  });

  it('/demo/stats/live pushes the figures at once and again when a paid request changes them', async () => {
    const abort = new AbortController();
    const response = await fetch(`${vendor.url}/demo/stats/live`, { signal: abort.signal });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    const nextStats = async (): Promise<Record<string, unknown>> => {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          expect(block).toMatch(/^event: stats\ndata: /);
          return JSON.parse(block.slice(block.indexOf('data: ') + 6));
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('the feed ended');
        buffer += value;
      }
    };
    const first = await nextStats();
    const client = privateKeyToAccount(generatePrivateKey());
    const http = await createHttpClient({ baseUrl: vendor.url, signer: client, voucherState: new MemoryVoucherStateStore(), transactionLog: { persist: 'memory' } });
    const { payment } = await http.requestAndWaitForPayment('GET', '/api/echo?q=live');
    // Unchanged figures are not sent again: the next event is the one the paid request caused.
    const next = await nextStats();
    expect(next.paidRequests).toBe((first.paidRequests as number) + 1);
    expect(BigInt(next.charged as string)).toBe(BigInt(first.charged as string) + payment!.cost);
    abort.abort();
  });

  it('a feed left open does not keep the vendor from closing', async () => {
    const other = await startVendor({ port: 0, store: 'memory', oracle: { demoCollateral: 1n } });
    const response = await fetch(`${other.url}/demo/stats/live`);
    await response.body!.getReader().read(); // the first event arrived: the stream is open
    await other.close();
    expect(await other.openConnections()).toBe(0);
  });

  it('answers any origin (CORS), like the demo page it feeds', async () => {
    const response = await fetch(`${vendor.url}/demo/stats`, { headers: { origin: 'https://elsewhere.example' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBeTruthy();
  });
});
