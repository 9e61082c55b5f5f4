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

  it('answers any origin (CORS), like the demo page it feeds', async () => {
    const response = await fetch(`${vendor.url}/demo/stats`, { headers: { origin: 'https://elsewhere.example' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBeTruthy();
  });
});
