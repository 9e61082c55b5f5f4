import { describe, expect, it } from 'vitest';
import { encodeReceiptHeader } from '../protocol';
import { MemoryTransactionStore } from '../storage/memory/transaction.memory';
import { describeMcpRequest } from './mcp-request';
import { createDefaultPolicy } from './policy';
import type { RecordRequest } from './record-model';
import { describeRequest } from './request-description';
import { clientAccount, receipt, vendorKey } from './test-fixtures';
import { TransactionRecorder } from './transaction-recorder';
import { VoucherIssuer } from './voucher-issuer';
import { MemoryVoucherStateStore } from './voucher-state/memory';

const url = 'https://vendor.test/v1/chat?x=1';
const usdc = { symbol: 'USDC', decimals: 6, microUsdPerUnit: 1_000_000n };

function request(overrides: Partial<RecordRequest> = {}): RecordRequest {
  return { at: 1, method: 'POST', url, headersSummary: {}, stream: false, protocol: 'http', ...overrides };
}

async function recorder(known = true) {
  const store = new MemoryTransactionStore();
  const state = new MemoryVoucherStateStore();
  await state.ensure(vendorKey, { limitAtoms: 1_000_000n, maxVoucherAtoms: 100_000n });
  await state.setTerms(vendorKey, { prices: { atomsPerHour: 3_600_000n, atomsPerGB: 0n, approxCost: 10n }, asset: usdc });
  const issuer = new VoucherIssuer({ state, signer: clientAccount, policy: createDefaultPolicy() });
  const errors: unknown[] = [];
  const recording = new TransactionRecorder({
    store,
    issuer,
    vendorKey: () => (known ? vendorKey : null),
    assetOf: async (key) => (await state.get(key))?.asset,
    onError: (error) => errors.push(error),
    now: () => 1_000,
  });
  return { store, state, recording, errors };
}

describe('describeRequest', () => {
  it('keeps whitelisted headers and a body hash, never the body or a secret header', async () => {
    const headers = new Headers({ 'content-type': 'text/plain', authorization: 'Bearer secret', 'x-voucher': 'v1.abc' });
    const described = await describeRequest({ url, method: 'post', headers, body: 'secret prompt', at: 5 });
    expect(described).toMatchObject({ at: 5, method: 'POST', url, headersSummary: { 'content-type': 'text/plain' }, bodySize: 13, protocol: 'http' });
    expect(described.bodyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(described)).not.toContain('secret');
  });

  it('lets the caller sanitize', async () => {
    const described = await describeRequest({ url, method: 'POST', headers: new Headers(), body: 'x', at: 0, sanitize: () => ({ headersSummary: { kept: 'yes' } }) });
    expect(described.headersSummary).toEqual({ kept: 'yes' });
    expect(described.bodyHash).toBeUndefined();
  });

  it('takes a JSON-RPC POST for MCP, a GET with the same body not', async () => {
    const body = JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'prompts/get', params: { name: 'greet' } });
    const post = await describeRequest({ url, method: 'POST', headers: new Headers(), body: new TextEncoder().encode(body), at: 0 });
    expect(post).toMatchObject({ protocol: 'mcp', operation: 'prompts/get', mcpName: 'greet' });
    expect((await describeRequest({ url, method: 'GET', headers: new Headers(), body, at: 0 })).protocol).toBe('http');
  });
});

describe('TransactionRecorder', () => {
  it('walks pending → response → paid, counting the receipt and flagging an overcharge', async () => {
    const { store, state, recording } = await recorder();
    const waiting = recording.outcome('ref-1');
    await recording.start('ref-1', 'https://vendor.test', request());
    expect(await store.get('ref-1')).toMatchObject({ status: 'pending', timestamp: 1_000, operation: 'POST:/v1/chat', channelId: vendorKey.vendor, assetId: 'USDC' });
    // 1 ms of work at 3.6e6 atoms/h is 1 atom: 2,500 is an overcharge.
    const value = encodeReceiptHeader(receipt({ cost: 2_500n, nonce: 0n, serviceTxRef: 'svc-9', usage: { elapsedMs: 1n, bytes: 0n } }));
    await recording.note('ref-1', { response: { status: 200, durationMs: 12.6, stream: false }, receipt: { source: 'header', value, elapsedMs: 1 }, end: {} });
    const record = (await store.get('ref-1'))!;
    expect(record).toMatchObject({ status: 'paid', statusCode: 200, durationMs: 13, payment: { cost: 2_500n, costUsd: 2_500n, nonce: 0n, serviceTxRef: 'svc-9' } });
    expect(record.meta).toMatchObject({ overcharge: true });
    expect(await waiting).toEqual(record.payment);
    expect((await state.get(vendorKey))!.series.map((point) => point.costAtoms)).toEqual([2_500n]);
  });

  it('keeps a final record final: an end after the receipt does not make it free', async () => {
    const { store, recording } = await recorder();
    await recording.start('s', 'https://vendor.test', request({ stream: true }));
    await recording.note('s', { response: { status: 200, durationMs: 1, stream: true } });
    await recording.note('s', { receipt: { source: 'header', value: encodeReceiptHeader(receipt()), elapsedMs: 5 } });
    await recording.note('s', { end: { error: { code: 'stream_aborted', message: 'cut' } } });
    expect(await store.get('s')).toMatchObject({ status: 'paid' });
  });

  it('records free, HTTP error and refused-receipt outcomes', async () => {
    const { store, recording } = await recorder();
    for (const ref of ['f', 'e', 'm']) await recording.start(ref, 'https://vendor.test', request());
    await recording.note('f', { response: { status: 200, durationMs: 1, stream: false }, end: {} });
    await recording.note('e', { response: { status: 500, durationMs: 1, stream: false }, end: {} });
    await recording.note('m', { response: { status: 200, durationMs: 1, stream: false }, receipt: { source: 'header', value: 'garbage', elapsedMs: 1 }, end: {} });
    expect(await store.get('f')).toMatchObject({ status: 'free' });
    expect(await store.get('e')).toMatchObject({ status: 'error', errorCode: 'http_error', errorMessage: 'HTTP 500', statusCode: 500 });
    expect(await store.get('m')).toMatchObject({ status: 'error', errorCode: 'malformed_receipt' });
  });

  it('a failing store write goes to onError and never fails the request', async () => {
    const { store, recording, errors } = await recorder();
    store.create = async () => {
      throw new Error('quota');
    };
    await recording.start('q', 'https://vendor.test', request());
    await recording.note('q', { response: { status: 200, durationMs: 1, stream: false }, end: {} });
    expect(errors).toHaveLength(2);
  });

  it('a request that never became this protocol\'s traffic resolves its waiter with nothing', async () => {
    const { recording } = await recorder(false);
    const waiting = recording.outcome('other');
    recording.forget('other');
    expect(await waiting).toBeUndefined();
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
