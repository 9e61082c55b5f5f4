import 'fake-indexeddb/auto';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TransactionEvent } from '../storage/interfaces/TransactionStore';
import { MemoryChainOracle, type ChainOracle } from '../engine';
import { startVendor, type RunningVendor } from '../mock-vendor/server';
import { createHttpClient } from './http-client';
import { createDefaultPolicy, type PaymentPolicy } from './policy';
import { MemoryVoucherStateStore } from './voucher-state/memory';
import { clientAccount } from './test-fixtures';

/** The payer against the real mock vendor over HTTP (engine, memory store, demo collateral). */
let vendor: RunningVendor;

beforeAll(async () => {
  vendor = await startVendor({ port: 0, store: 'memory', oracle: { demoCollateral: 1_000_000_000n } });
});

afterAll(async () => {
  await vendor?.close();
});

async function vendorJson(path: string): Promise<Record<string, unknown>> {
  return (await fetch(`${vendor.url}${path}`)).json() as Promise<Record<string, unknown>>;
}

describe('payer against the mock vendor', () => {
  it('runs the seed example: request, list the last 50, subscribe', async () => {
    const http = await createHttpClient({ baseUrl: vendor.url, signer: clientAccount, transactionLog: { persist: 'indexeddb' } });

    const { data, payment } = await http.requestAndWaitForPayment<{ echo: string }>('GET', '/api/echo?q=hello');
    expect(data.echo).toBe('hello');
    expect(payment!.cost).toBeGreaterThanOrEqual(0n);

    const txStore = http.getTransactionStore();
    const { items } = await txStore.list({}, { offset: 0, limit: 50 });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ status: 'paid', operation: 'GET:/api/echo', statusCode: 200, channelId: vendor.vendor });

    const events: TransactionEvent[] = [];
    const un = txStore.subscribe((event) => events.push(event));
    const second = await http.requestAndWaitForPayment('GET', '/api/echo?q=again');
    await expect.poll(() => events.some((e) => e.type === 'updated' && e.record.clientTxRef === second.clientTxRef && e.record.status === 'paid')).toBe(true);
    un();
  });

  it('gives 50 parallel requests contiguous nonces, a final record each, receipts summing to the vendor total', async () => {
    // A client of its own, so the vendor's per-client total holds this test's charges only.
    const signer = privateKeyToAccount(`0x${'4'.repeat(64)}`);
    // Its own log: with IndexedDB present the default log is shared with the other clients here.
    const http = await createHttpClient({ baseUrl: vendor.url, signer, transactionLog: { persist: 'memory' } });
    await Promise.all(Array.from({ length: 50 }, (_, i) => http.requestAndWaitForPayment('GET', `/api/echo?q=${i}`)));
    const { items } = await http.listTransactions({}, { limit: 100 });
    expect(items).toHaveLength(50);
    expect(items.every((r) => r.status === 'paid')).toBe(true);
    const stats = await vendorJson('/admin/stats');
    const charged = (stats.clients as Record<string, { charged: string; requests: number }>)[signer.address.toLowerCase()]!;
    expect(items.reduce((sum, r) => sum + r.payment!.cost, 0n)).toBe(BigInt(charged.charged));

    const held = (await vendorJson(`/admin/clients/${signer.address}`)).vouchers as { nonce: string }[];
    expect(held.map((v) => BigInt(v.nonce))).toEqual(held.map((_, i) => BigInt(i)));
    expect(charged.requests).toBe(50);
  });

  it('waits out the Retry-After of 50 parallel requests on a small voucher instead of failing or signing per 402', async () => {
    // A vendor of its own whose suggested voucher covers only 10 locks of /api/data?bytes=10000
    // (a second and 10 kB: 1 100 atoms) at once, while each costs its few ms and 100 atoms.
    // Its chain reads take 50 ms, as an RPC may, so requests overlap between lock and settlement.
    const chain = new MemoryChainOracle({ collateral: 1_000_000_000n });
    const rpc = <T>(read: () => Promise<T>) => new Promise<T>((resolve) => setTimeout(() => resolve(read()), 50));
    const chainOracle: ChainOracle = {
      collateral: (client) => rpc(() => chain.collateral(client)),
      isSubscribed: (client, vendor) => rpc(() => chain.isSubscribed(client, vendor)),
      totalSubscriptions: (client) => rpc(() => chain.totalSubscriptions(client)),
    };
    const small = await startVendor({ port: 0, store: 'memory', chainOracle, suggestedVoucherAtoms: 11_000n });
    try {
      const signer = privateKeyToAccount(`0x${'5'.repeat(64)}`);
      // Top-ups (signed ahead when locks make a receipt's available credit look low) are refused,
      // so every voucher the vendor holds was signed for a 402.
      const base = createDefaultPolicy();
      const policy: PaymentPolicy = {
        authorize: async (request) => (request.reason === 'top_up' ? { allow: false, code: 'paused', message: 'no top-ups here' } : base.authorize(request)),
      };
      const http = await createHttpClient({ baseUrl: small.url, signer, policy, voucherState: new MemoryVoucherStateStore(), transactionLog: { persist: 'memory' } });
      const results = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => http.requestAndWaitForPayment('GET', `/api/data?bytes=10000&i=${i}`)));
      expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
      const stats = (await (await fetch(`${small.url}/admin/stats`)).json()) as { paymentRequiredCodes: Record<string, number>; clients: Record<string, { requests: number }> };
      expect(stats.clients[signer.address.toLowerCase()]!.requests).toBe(50);
      const waited = stats.paymentRequiredCodes.insufficient_credit ?? 0;
      expect(waited).toBeGreaterThan(0);
      const held = (await (await fetch(`${small.url}/admin/clients/${signer.address}`)).json()) as { vouchers: unknown[] };
      // 50 × about 105 atoms fit one voucher of 11 000: the refusals for locked credit signed nothing more.
      expect(held.vouchers).toHaveLength(1);
    } finally {
      await small.close();
    }
  });

  it('streams events through, keeps the receipt out of the body and records the payment', async () => {
    const http = await createHttpClient({ baseUrl: vendor.url, signer: clientAccount });
    const { data, payment, clientTxRef } = await http.requestAndWaitForPayment<string>('GET', '/api/stream?seconds=1', {
      headers: { accept: 'text/event-stream' },
    });
    expect(data).toContain('event: tick');
    expect(data).not.toContain('voucher-receipt');
    expect(payment!.cost).toBeGreaterThan(0n);
    expect(await http.getTransaction(clientTxRef)).toMatchObject({ status: 'paid', stream: true, payment });
  });

  it('records MCP tools/call as a paid mcp transaction and tools/list as free', async () => {
    const http = await createHttpClient({ baseUrl: vendor.url, signer: clientAccount });
    const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
    const call = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'add', arguments: { a: 2, b: 3 } } });
    const paid = await http.requestAndWaitForPayment<{ result: { content: { text: string }[] } }>('POST', '/mcp', { body: call, headers });
    expect(paid.data.result.content[0]!.text).toBe('5');
    expect(await http.getTransaction(paid.clientTxRef)).toMatchObject({
      protocol: 'mcp',
      operation: 'tools/call',
      urlOrTarget: `${vendor.url}/mcp`,
      status: 'paid',
      meta: { mcpName: 'add' },
    });
    const list = JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
    const free = await http.requestAndWaitForPayment('POST', '/mcp', { body: list, headers });
    expect(await http.getTransaction(free.clientTxRef)).toMatchObject({ protocol: 'mcp', operation: 'tools/list', status: 'free' });
  });
});
