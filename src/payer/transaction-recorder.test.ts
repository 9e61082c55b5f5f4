import { describe, expect, it } from 'vitest';
import { MemoryTransactionStore } from '../storage/memory/transaction.memory';
import { describeMcpRequest } from './mcp-request';
import { receipt } from './test-fixtures';
import {
  clientTxRefFor,
  recordError,
  recordFree,
  recordPaid,
  recordRequest,
  recordResponseHeaders,
} from './transaction-recorder';

const base = { method: 'POST', url: 'https://vendor.test/v1/chat?x=1', clientTxRef: 'ref-1', now: 1_000 };

describe('transaction recorder', () => {
  it('creates a pending record with whitelisted headers and a body hash, never the body', async () => {
    const store = new MemoryTransactionStore();
    const record = await recordRequest(store, {
      ...base,
      headers: { 'content-type': 'text/plain', authorization: 'Bearer secret', 'x-voucher': 'v1.abc' },
      body: 'secret prompt',
      channelId: '0xVendor',
      assetId: 'USDC',
    });
    expect(record).toMatchObject({
      clientTxRef: 'ref-1',
      timestamp: 1_000,
      protocol: 'http',
      method: 'POST',
      operation: 'POST:/v1/chat',
      urlOrTarget: base.url,
      headersSummary: { 'content-type': 'text/plain' },
      requestBodySize: 13,
      stream: false,
      channelId: '0xVendor',
      assetId: 'USDC',
      status: 'pending',
    });
    expect(record.requestBodyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(await store.get('ref-1'))).not.toContain('secret');
  });

  it('lets the caller sanitize, and prefers the caller X-Client-Tx-Ref', async () => {
    expect(clientTxRefFor({ 'X-Client-Tx-Ref': ' abc ' })).toBe('abc');
    expect(clientTxRefFor({})).toMatch(/^[0-9a-f-]{36}$/);
    const store = new MemoryTransactionStore();
    await recordRequest(store, { ...base, headers: {}, body: 'x', sanitize: () => ({ headersSummary: { kept: 'yes' } }) });
    const record = (await store.get('ref-1'))!;
    expect(record.headersSummary).toEqual({ kept: 'yes' });
    expect(record.requestBodyHash).toBeUndefined();
  });

  it('walks pending → headers → paid with a USD value, keeping the overcharge flag in meta', async () => {
    const store = new MemoryTransactionStore();
    await recordRequest(store, { ...base, headers: {} });
    await recordResponseHeaders(store, 'ref-1', { statusCode: 200, durationMs: 12.6, stream: true });
    const paidAt = new Date('2025-01-02T03:04:05.000Z');
    await recordPaid(store, 'ref-1', {
      receipt: receipt({ cost: 2_500_000n, nonce: 4n, serviceTxRef: 'svc-9' }),
      asset: { symbol: 'USDC', decimals: 6, microUsdPerUnit: 1_000_000n },
      paidAt,
      overcharge: { suspected: true, expected: 10n, allowed: 13n },
    });
    expect(await store.get('ref-1')).toMatchObject({
      status: 'paid',
      statusCode: 200,
      durationMs: 13,
      stream: true,
      payment: { cost: 2_500_000n, costUsd: 2_500_000n, nonce: 4n, serviceTxRef: 'svc-9', paidAt: paidAt.toISOString() },
      meta: { overcharge: true, expectedCost: '10', allowedCost: '13' },
    });
  });

  it('values cost at 0n when the asset has no USD price, and leaves meta alone without an overcharge', async () => {
    const store = new MemoryTransactionStore();
    await recordRequest(store, { ...base, headers: {} });
    await recordPaid(store, 'ref-1', { receipt: receipt(), asset: { symbol: 'TOK', decimals: 18 }, overcharge: { suspected: false, expected: 1n, allowed: 3n } });
    const record = (await store.get('ref-1'))!;
    expect(record.payment!.costUsd).toBe(0n);
    expect(record.meta).toBeUndefined();
  });

  it('records free and error outcomes', async () => {
    const store = new MemoryTransactionStore();
    await recordRequest(store, { ...base, clientTxRef: 'f', headers: {} });
    await recordFree(store, 'f');
    await recordRequest(store, { ...base, clientTxRef: 'e', headers: {} });
    await recordError(store, 'e', { code: 'http_error', message: 'HTTP 500', statusCode: 500 });
    expect(await store.get('f')).toMatchObject({ status: 'free' });
    expect(await store.get('e')).toMatchObject({ status: 'error', errorCode: 'http_error', errorMessage: 'HTTP 500', statusCode: 500 });
  });

  it('records a JSON-RPC POST as mcp with the method as operation', async () => {
    const store = new MemoryTransactionStore();
    const body = JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'prompts/get', params: { name: 'greet' } });
    const record = await recordRequest(store, { ...base, url: 'https://vendor.test/mcp', headers: {}, body });
    expect(record).toMatchObject({ protocol: 'mcp', operation: 'prompts/get', urlOrTarget: 'https://vendor.test/mcp', meta: { mcpName: 'greet' } });
  });
});

describe('describeMcpRequest', () => {
  it('accepts JSON-RPC 2.0 requests and batches, in text or bytes, on POST only', () => {
    const call = { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'add' } };
    expect(describeMcpRequest('POST', JSON.stringify(call))).toEqual({ method: 'tools/call', name: 'add' });
    expect(describeMcpRequest('post', new TextEncoder().encode(JSON.stringify([{ jsonrpc: '2.0', method: 'tools/list' }])))).toEqual({
      method: 'tools/list',
    });
    expect(describeMcpRequest('GET', JSON.stringify(call))).toBeUndefined();
  });

  it('rejects anything else', () => {
    for (const body of ['not json', '{"method":"x"}', '{"jsonrpc":"2.0","result":1}', '[]', 'null', undefined]) {
      expect(describeMcpRequest('POST', body)).toBeUndefined();
    }
  });
});
