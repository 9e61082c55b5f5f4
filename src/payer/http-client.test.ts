import { describe, expect, it } from 'vitest';
import { deferred } from '../lib/deferred';
import { parseVoucherHeader, VOUCHER_HEADER } from '../protocol';
import { MemoryTransactionStore } from '../storage/memory/transaction.memory';
import { isPayerError } from './errors';
import { FakeVendor } from './fake-vendor';
import { createHttpClient, type HttpClientOptions } from './http-client';
import { createDefaultPolicy, type PaymentPolicy } from './policy';
import { MemoryVoucherStateStore } from './voucher-state/memory';
import { clientAccount, paymentRequiredResponse, requirements } from './test-fixtures';

const baseUrl = 'http://vendor.test';

async function client(fetch: typeof globalThis.fetch, extra: Partial<HttpClientOptions> = {}) {
  const store = new MemoryTransactionStore({ flushDelayMs: 0 });
  // Vouchers in memory: the Node default is a file in the home directory, shared by every run.
  const http = await createHttpClient({ baseUrl, signer: clientAccount, fetch, transactionStore: store, voucherState: new MemoryVoucherStateStore(), ...extra });
  return { http, store };
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('createHttpClient: payment flow', () => {
  it('answers a 402 with one voucher, retries once, records the payment; later requests need no 402', async () => {
    const vendor = new FakeVendor();
    vendor.suggestedVoucherAtoms = 10_000n;
    const { http } = await client(vendor.fetch);
    const result = await http.requestAndWaitForPayment<{ echo: string }>('GET', '/api/echo?q=hello');
    expect(result.data).toEqual({ echo: 'hello' });
    expect(vendor.calls).toHaveLength(2);
    expect(vendor.calls[0]!.headers.get(VOUCHER_HEADER)).toBeNull();
    expect(parseVoucherHeader(vendor.calls[1]!.headers.get(VOUCHER_HEADER)).vouchers.map((v) => v.nonce)).toEqual([0n]);
    expect(result.payment).toMatchObject({ cost: 10n, costUsd: 10n, nonce: 0n, serviceTxRef: 'q-1' });

    const record = (await http.getTransaction(result.clientTxRef))!;
    expect(record).toMatchObject({
      status: 'paid',
      protocol: 'http',
      method: 'GET',
      statusCode: 200,
      operation: 'GET:/api/echo',
      urlOrTarget: `${baseUrl}/api/echo?q=hello`,
      channelId: vendor.vouchers[0]!.vendor,
      assetId: 'USDC',
      stream: false,
      payment: result.payment,
    });
    expect(record.headersSummary).toEqual({ 'x-client-tx-ref': result.clientTxRef });
    expect(vendor.calls[1]!.headers.get('x-client-tx-ref')).toBe(result.clientTxRef);

    await http.requestAndWaitForPayment('GET', '/api/echo?q=again');
    expect(vendor.calls).toHaveLength(3);
    expect(vendor.vouchers).toHaveLength(1);
  });

  it('surfaces a second 402 as the response and never loops', async () => {
    let calls = 0;
    const fetch = (async () => {
      calls += 1;
      // A vendor that asks for the voucher it was just sent (the retry) and the next one after it.
      return paymentRequiredResponse(requirements({ nextNonce: BigInt((calls - 1) >> 1) }));
    }) as typeof globalThis.fetch;
    const { http } = await client(fetch);
    const response = await http.request('GET', '/api/echo', { headers: { 'X-Client-Tx-Ref': 'mine-1' } });
    expect(response.status).toBe(402);
    expect(calls).toBe(2);
    expect(await http.getTransaction('mine-1')).toMatchObject({ status: 'error', errorCode: 'second_payment_required', statusCode: 402 });
    // Its next 402 claims voucher 0 and asks for 1, but no receipt showed 0 in use: no second voucher.
    const error = await caught(http.requestAndWaitForPayment('GET', '/api/echo'));
    expect(isPayerError(error, 'vouchers_unused')).toBe(true);
    expect(calls).toBe(3);
  });

  it('gives 50 parallel requests contiguous nonces and a final record each, charged as the vendor counts', async () => {
    const vendor = new FakeVendor();
    vendor.suggestedVoucherAtoms = 150n;
    const { http, store } = await client(vendor.fetch);
    const results = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => http.requestAndWaitForPayment('GET', `/api/echo?q=${i}`)));
    expect(vendor.vouchers.map((v) => v.nonce)).toEqual(vendor.vouchers.map((_, i) => BigInt(i)));
    const { items } = await store.list({}, { limit: 100 });
    expect(items).toHaveLength(50);
    expect(items.every((r) => r.status === 'paid' || r.status === 'error')).toBe(true);
    const paid = items.filter((r) => r.status === 'paid');
    expect(paid.length).toBe(results.filter((r) => r.status === 'fulfilled').length);
    expect(paid.reduce((sum, r) => sum + r.payment!.cost, 0n)).toBe(vendor.charged);
    expect(paid.length).toBeGreaterThan(0);
    // A voucher re-signed with other content would be a 403 nonce_conflict: none.
    expect(items.filter((r) => r.status === 'error').map((r) => r.errorCode)).not.toContain('http_error');
  });

  it('pays all 50 parallel requests with one voucher when the voucher covers them', async () => {
    const vendor = new FakeVendor();
    vendor.suggestedVoucherAtoms = 10_000n;
    const { http, store } = await client(vendor.fetch);
    await Promise.all(Array.from({ length: 50 }, (_, i) => http.requestAndWaitForPayment('GET', `/api/echo?q=${i}`)));
    expect((await store.list({ status: 'paid' })).total).toBe(50);
    expect(vendor.vouchers).toHaveLength(1);
    expect(vendor.calls).toHaveLength(100);
  });

  it('honours Retry-After: 50 parallel requests wait for the receipts of those in flight instead of failing or signing', async () => {
    const vendor = new FakeVendor();
    // One voucher pays for all 50 (10 atoms each), but it covers only 10 locks of 100 at a time.
    vendor.suggestedVoucherAtoms = 1_000n;
    vendor.holdMs = 20;
    // Top-ups (signed ahead when a receipt's available credit, locks deducted, runs low) are refused
    // here, so every voucher counted is one signed in answer to a 402.
    const base = createDefaultPolicy();
    const policy: PaymentPolicy = {
      authorize: async (request) =>
        request.reason === 'top_up' ? { allow: false, code: 'paused', message: 'no top-ups in this test' } : base.authorize(request),
    };
    const { http, store } = await client(vendor.fetch, { policy });
    const results = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => http.requestAndWaitForPayment('GET', `/api/echo?q=${i}`)));
    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
    expect((await store.list({ status: 'paid' })).total).toBe(50);
    expect(vendor.retryAfters).toBeGreaterThan(0);
    // The 402s for locked credit were waited out, not paid with more vouchers.
    expect(vendor.vouchers).toHaveLength(1);
    // At most 50 first tries and 50 paid retries, then one retry per wait (measured: 150–200 in all),
    // where signing per refusal would cost up to 1 + 2 + … + 50 = 1 275.
    expect(vendor.calls.length).toBeLessThanOrEqual(100 + vendor.retryAfters);
    expect(vendor.calls.length).toBeLessThanOrEqual(250);
  });

  it('sends the voucher signed ahead on the next request when credit ran low', async () => {
    const vendor = new FakeVendor();
    vendor.suggestedVoucherAtoms = 1_000n;
    vendor.costPerRequest = 400n;
    const { http } = await client(vendor.fetch);
    await http.requestAndWaitForPayment('GET', '/api/echo?q=1');
    // Credit 600 ≥ max(250, 1000): below threshold, so nonce 1 was signed ahead.
    expect(vendor.calls).toHaveLength(2);
    await http.requestAndWaitForPayment('GET', '/api/echo?q=2');
    expect(vendor.calls).toHaveLength(3);
    expect(parseVoucherHeader(vendor.calls[2]!.headers.get(VOUCHER_HEADER)).vouchers.map((v) => v.nonce)).toEqual([1n]);
    expect(vendor.vouchers).toHaveLength(2);
  });

  it('flags an overcharge on the record', async () => {
    const vendor = new FakeVendor();
    vendor.overcharge = 50n;
    const { http } = await client(vendor.fetch);
    const { clientTxRef } = await http.requestAndWaitForPayment('GET', '/api/echo?q=x');
    expect((await http.getTransaction(clientTxRef))!.meta).toMatchObject({ overcharge: true, expectedCost: '10' });
  });

  it('refuses with a typed error when the policy refuses, and records it', async () => {
    const vendor = new FakeVendor();
    const { http, store } = await client(vendor.fetch, { policy: createDefaultPolicy({ isPaused: () => true }) });
    const error = await caught(http.request('GET', '/api/echo'));
    expect(isPayerError(error, 'paused')).toBe(true);
    const [record] = (await store.list()).items;
    expect(record).toMatchObject({ status: 'error', errorCode: 'paused' });
    expect(vendor.calls).toHaveLength(1);
  });

  it('records a malformed 402 body as malformed_requirements', async () => {
    const fetch = (async () => new Response('{"nope":1}', { status: 402, headers: { 'x-voucher-required': 'v1' } })) as typeof globalThis.fetch;
    const { http, store } = await client(fetch);
    expect(isPayerError(await caught(http.request('GET', '/x')), 'malformed_requirements')).toBe(true);
    expect((await store.list()).items[0]).toMatchObject({ status: 'error', errorCode: 'malformed_requirements' });
  });
});

describe('createHttpClient: records', () => {
  it('marks a response without payment header as free, and an HTTP error as error', async () => {
    const fetch = (async (url: string) =>
      url.endsWith('/free') ? new Response('ok') : new Response('boom', { status: 503, statusText: 'Unavailable' })) as typeof globalThis.fetch;
    const { http } = await client(fetch);
    const free = await http.requestAndWaitForPayment('GET', '/free');
    expect(await http.getTransaction(free.clientTxRef)).toMatchObject({ status: 'free', statusCode: 200 });
    await http.request('GET', '/down', { headers: { 'x-client-tx-ref': 'down-1' } });
    expect(await http.getTransaction('down-1')).toMatchObject({ status: 'error', errorCode: 'http_error', statusCode: 503 });
    expect(isPayerError(await caught(http.requestAndWaitForPayment('GET', '/down')), 'http_error')).toBe(true);
  });

  it('records the vendor protocol code of a small JSON error body', async () => {
    const body = JSON.stringify({ error: { code: 'nonce_conflict', message: 'nonce 0 is held with other content' } });
    const fetch = (async () =>
      new Response(body, { status: 403, headers: { 'content-type': 'application/json', 'content-length': String(body.length) } })) as typeof globalThis.fetch;
    const { http } = await client(fetch);
    const response = await http.request('GET', '/api/echo', { headers: { 'x-client-tx-ref': 'c-1' } });
    expect(await response.json()).toEqual(JSON.parse(body));
    expect(await http.getTransaction('c-1')).toMatchObject({
      status: 'error',
      errorCode: 'nonce_conflict',
      errorMessage: 'HTTP 403: nonce 0 is held with other content',
      statusCode: 403,
    });
  });

  it('records network failures and aborts', async () => {
    const failing = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof globalThis.fetch;
    const { http, store } = await client(failing);
    expect(isPayerError(await caught(http.request('GET', '/a')), 'network_error')).toBe(true);
    expect((await store.list()).items[0]).toMatchObject({ status: 'error', errorCode: 'network_error' });

    const inFlight = deferred();
    const abortable = ((_: string, init: RequestInit) =>
      new Promise((_resolve, reject) => {
        init.signal!.addEventListener('abort', () => reject(init.signal!.reason));
        inFlight.resolve();
      })) as typeof globalThis.fetch;
    const second = await client(abortable);
    const controller = new AbortController();
    const pending = caught(second.http.request('GET', '/slow', { signal: controller.signal, headers: { 'x-client-tx-ref': 'slow' } }));
    await inFlight.promise; // aborted while the vendor is being asked, not before the request started
    controller.abort();
    expect((await pending as Error).name).toBe('AbortError');
    expect(await second.http.getTransaction('slow')).toMatchObject({ status: 'error', errorCode: 'aborted' });
  });

  it('records an MCP JSON-RPC call as mcp with its method as operation', async () => {
    const vendor = new FakeVendor();
    const { http } = await client(vendor.fetch);
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'echo', arguments: { text: 'x' } } });
    const { clientTxRef } = await http.requestAndWaitForPayment('POST', '/mcp', { body, headers: { 'content-type': 'application/json' } });
    const record = (await http.getTransaction(clientTxRef))!;
    expect(record).toMatchObject({
      protocol: 'mcp',
      operation: 'tools/call',
      method: 'POST',
      urlOrTarget: `${baseUrl}/mcp`,
      status: 'paid',
      requestBodySize: body.length,
      meta: { mcpName: 'echo' },
    });
    expect(record.requestBodyHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('buffers a streamed request body so the retry sends the same bytes, and refuses one too large', async () => {
    const vendor = new FakeVendor();
    const { http } = await client(vendor.fetch, { maxReplayBodyBytes: 64 });
    const streamOf = (text: string) =>
      new ReadableStream<Uint8Array>({
        start(c) {
          c.enqueue(new TextEncoder().encode(text));
          c.close();
        },
      });
    await http.requestAndWaitForPayment('POST', '/api/echo', { body: streamOf('payload') });
    expect(vendor.calls.map((c) => new TextDecoder().decode(c.body!))).toEqual(['payload', 'payload']);
    const error = await caught(http.request('POST', '/api/echo', { body: streamOf('x'.repeat(65)) }));
    expect(isPayerError(error, 'request_body_too_large')).toBe(true);
    expect(vendor.calls).toHaveLength(2);
  });

  it('records nothing when the log is disabled', async () => {
    const vendor = new FakeVendor();
    const { http, store } = await client(vendor.fetch, { transactionLog: { enabled: false } });
    await http.requestAndWaitForPayment('GET', '/api/echo?q=1');
    expect((await store.list()).total).toBe(0);
  });
});

describe('createHttpClient: streams', () => {
  it('passes events through without the receipt and finalises the record at the end', async () => {
    const vendor = new FakeVendor();
    const { http } = await client(vendor.fetch);
    await http.requestAndWaitForPayment('GET', '/api/echo');
    const response = await http.request('GET', '/stream', { headers: { accept: 'text/event-stream', 'x-client-tx-ref': 's-1' } });
    expect(await http.getTransaction('s-1')).toMatchObject({ status: 'pending', stream: true, statusCode: 200 });
    expect(await response.text()).toBe('event: tick\ndata: 1\n\nevent: tick\ndata: 2\n\n');
    expect(await http.getTransaction('s-1')).toMatchObject({ status: 'paid', payment: { cost: 10n, serviceTxRef: 'q-2' } });
  });

  it('records a stream cut before its receipt as stream_aborted, and a cancelled one too', async () => {
    const fetch = (async () => {
      let sent = false;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (!sent) {
            sent = true;
            controller.enqueue(new TextEncoder().encode('data: 1\n\n'));
          } else controller.error(new TypeError('connection reset'));
        },
      });
      return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
    }) as typeof globalThis.fetch;
    const { http } = await client(fetch);
    const cut = await http.request('GET', '/stream', { headers: { 'x-client-tx-ref': 'cut' } });
    await expect(cut.text()).rejects.toThrow('connection reset');
    expect(await http.getTransaction('cut')).toMatchObject({ status: 'error', errorCode: 'stream_aborted' });

    const abortable = (async (_url: string, init: RequestInit) => {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('data: 1\n\n'));
          init.signal!.addEventListener('abort', () => controller.error(init.signal!.reason));
        },
      });
      return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
    }) as typeof globalThis.fetch;
    const second = await client(abortable);
    const controller = new AbortController();
    const aborted = await second.http.request('GET', '/stream', { signal: controller.signal, headers: { 'x-client-tx-ref': 'abort' } });
    const abortedReader = aborted.body!.getReader();
    expect(new TextDecoder().decode((await abortedReader.read()).value)).toBe('data: 1\n\n');
    controller.abort();
    await expect(abortedReader.read()).rejects.toMatchObject({ name: 'AbortError' });
    expect(await second.http.getTransaction('abort')).toMatchObject({ status: 'error', errorCode: 'aborted' });

    const cancelled = await http.request('GET', '/stream', { headers: { 'x-client-tx-ref': 'cancel' } });
    const reader = cancelled.body!.getReader();
    await reader.read();
    await reader.cancel('enough');
    expect(await http.getTransaction('cancel')).toMatchObject({ status: 'error', errorCode: 'stream_aborted' });
  });
});

describe('createHttpClient: client refs', () => {
  it('two concurrent requests under one X-Client-Tx-Ref both settle', async () => {
    const vendor = new FakeVendor();
    // The second record under the ref is a duplicate the log refuses; the requests still settle.
    const { http } = await client(vendor.fetch, { onLogError: () => undefined });
    const init = { headers: { 'X-Client-Tx-Ref': 'same' } };
    const results = await Promise.all([http.requestAndWaitForPayment('GET', '/api/echo?q=a', init), http.requestAndWaitForPayment('GET', '/api/echo?q=b', init)]);
    expect(results.map((result) => result.clientTxRef)).toEqual(['same', 'same']);
  });
});
