import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseReceiptEventData, parseReceiptHeader, parseRequirements } from '../../protocol';
import { testPaywall, voucherHeaderFor, type TestPaywall } from '../test-fixtures';

/**
 * What every framework adapter must do, run against a server the adapter test starts with
 * these routes: GET /paid (JSON, charged), GET /paid/stream (three SSE events, charged), GET
 * /free (not in the paid routes), each answered by the framework's own handlers.
 */
export const PAID_ROUTES = { 'GET /paid': { approxCost: 100n }, 'GET /paid/stream': { approxCost: 100n } };
export const PAID_BODY = '{"paid":true}';
export const STREAM_EVENTS = ['event: tick\ndata: 1\n\n', 'event: tick\ndata: 2\n\n', 'event: tick\ndata: 3\n\n'];

export function adapterContract(name: string, start: (setup: TestPaywall) => Promise<{ url: string; close(): Promise<void> }>): void {
  const setup = testPaywall();
  let server: { url: string; close(): Promise<void> };
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
