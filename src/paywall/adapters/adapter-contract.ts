import { get, type IncomingMessage } from 'node:http';
import type { Address } from 'viem';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { costOf, parseReceiptEventData, parseReceiptHeader, parseRequirements, type Receipt } from '../../protocol';
import { TERMS, testPaywall, voucherHeaderFor, type TestPaywall } from '../test-fixtures';
import type { LoopbackServer } from './test-server';

/**
 * What every framework adapter must do, run against a server the adapter test starts with
 * these routes: GET /paid (JSON, charged), GET /paid/large (LARGE_BODY, JSON, charged), GET
 * /paid/stream (three SSE events, charged), GET /free (not in the paid routes), each answered by
 * the framework's own handlers.
 */
export const PAID_ROUTES = {
  'GET /paid': { approxCost: 100n },
  'GET /paid/large': { approxCost: 100n },
  'GET /paid/stream': { approxCost: 100n },
};
/** 32 MiB of JSON: far more than loopback socket buffers hold, so an abort after one chunk leaves most unwritten. */
export const LARGE_BODY = `{"data":"${'x'.repeat(32 * 1024 * 1024 - 11)}"}`;
export const PAID_BODY = '{"paid":true}';
export const STREAM_EVENTS = ['event: tick\ndata: 1\n\n', 'event: tick\ndata: 2\n\n', 'event: tick\ndata: 3\n\n'];

/** One GET on its own connection; resolves when the response's headers are in. */
function getOnOwnConnection(url: string, headers: Record<string, string>): Promise<{ response: IncomingMessage; localPort: number }> {
  return new Promise((resolve, reject) => {
    const request = get(url, { headers, agent: false }, (response) => resolve({ response, localPort: request.socket!.localPort! }));
    request.on('error', reject);
  });
}

export function adapterContract(name: string, start: (setup: TestPaywall) => Promise<LoopbackServer>): void {
  const setup = testPaywall();
  let server: LoopbackServer;
  /** What the vendor holds as charged to a client: its spent vouchers and its unmarked cost. */
  const chargedTo = async (client: Address) => {
    const state = await setup.paywall.engine.inspect(client);
    return state.vouchers.reduce((sum, voucher) => (voucher.spent ? sum + voucher.atoms : sum), state.unmarked);
  };
  beforeAll(async () => {
    server = await start(setup);
  });
  afterAll(async () => server?.close());

  it(`${name}: answers a paid route without a voucher with the 402 and its requirements`, async () => {
    const response = await fetch(`${server.url}/paid`);
    expect(response.status).toBe(402);
    expect(response.headers.get('x-voucher-required')).toBe('v1');
    expect(parseRequirements(await response.text()).error.code).toBe('payment_required');
  });

  it(`${name}: charges a paid route and answers with the handler's body and a receipt`, async () => {
    const { header, client } = await voucherHeaderFor(20, 100_000n);
    const response = await fetch(`${server.url}/paid`, { headers: { 'x-voucher': header, 'x-client-tx-ref': 'tx-1' } });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(PAID_BODY);
    const receipt = parseReceiptHeader(response.headers.get('x-voucher-receipt'));
    expect(receipt.client).toBe(client);
    expect(receipt.usage.bytes).toBe(BigInt(PAID_BODY.length));
    expect(receipt.cost).toBeGreaterThan(0n);
    expect(response.headers.get('x-client-tx-ref')).toBe('tx-1');
    expect(response.headers.get('access-control-expose-headers')).toContain('x-voucher-receipt');
  });

  it(`${name}: credits back the unwritten part of a whole body the client aborts after its first chunk`, async () => {
    const atoms = 10n ** 9n;
    const { header, client } = await voucherHeaderFor(22, atoms);
    const { response, localPort } = await getOnOwnConnection(`${server.url}/paid/large`, { 'x-voucher': header });
    expect(response.statusCode).toBe(200);
    const receipt: Receipt = parseReceiptHeader(response.headers['x-voucher-receipt'] as string);
    // The receipt is what the whole body costs, charged before it left.
    expect(receipt.usage.bytes).toBe(BigInt(LARGE_BODY.length));
    expect(receipt.cost).toBe(costOf(TERMS.prices, receipt.usage));
    await new Promise<void>((resolve) => response.once('data', () => resolve()));
    response.destroy();
    await expect.poll(() => server.writtenTo(localPort)).toBeDefined();
    await expect.poll(() => chargedTo(client)).toBeLessThan(receipt.cost);
    // At most the time charged and what the vendor's socket wrote (its headers included).
    const socketBytes = BigInt(server.writtenTo(localPort)!);
    const charged = await chargedTo(client);
    expect(charged).toBeLessThanOrEqual(costOf(TERMS.prices, { elapsedMs: receipt.usage.elapsedMs, bytes: socketBytes }));
    expect(charged).toBeGreaterThanOrEqual(costOf(TERMS.prices, { elapsedMs: receipt.usage.elapsedMs, bytes: 1n }));
    const credited = setup.credited.filter((each) => each.client === client);
    expect(credited.map((each) => each.credit.atoms)).toEqual([receipt.cost - charged]);
    // The next receipt's credit has it back.
    const next = await fetch(`${server.url}/paid`, { headers: { 'x-voucher': header } });
    const nextReceipt = parseReceiptHeader(next.headers.get('x-voucher-receipt'));
    await next.text();
    expect(nextReceipt.credit.unspent - nextReceipt.credit.unmarked).toBe(atoms - charged - nextReceipt.cost);
  });

  it(`${name}: ends a paid event stream with the receipt event`, async () => {
    const { header } = await voucherHeaderFor(21, 100_000n);
    const response = await fetch(`${server.url}/paid/stream`, { headers: { 'x-voucher': header } });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const text = await response.text();
    expect(text.startsWith(STREAM_EVENTS.join(''))).toBe(true);
    const data = text.slice(STREAM_EVENTS.join('').length).split('\n')[1]!.slice('data: '.length);
    expect(parseReceiptEventData(data).usage.bytes).toBe(BigInt(STREAM_EVENTS.join('').length));
  });

  it(`${name}: lets a free route through without a voucher and without charging`, async () => {
    const before = setup.charged.length;
    const response = await fetch(`${server.url}/free`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('free');
    expect(setup.charged.length).toBe(before);
  });

  it(`${name}: answers the CORS preflight of a paid route`, async () => {
    const response = await fetch(`${server.url}/paid`, {
      method: 'OPTIONS',
      headers: { origin: 'http://page.test', 'access-control-request-method': 'GET', 'access-control-request-headers': 'x-voucher' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-headers')).toContain('x-voucher');
  });
}
