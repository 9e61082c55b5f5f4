import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { costOf, parseReceiptEventData, type Receipt } from '../protocol';
import { startVendor, type RunningVendor } from './server';
import { VoucherClient, adminStats, adminView } from './testing/voucher-client';

const PRICES = { atomsPerHour: 3_600_000n, atomsPerGB: 1_000_000_000n };
let vendor: RunningVendor;

beforeAll(async () => {
  vendor = await startVendor({ port: 0, store: 'memory', prices: PRICES, oracle: { demoCollateral: 1_000_000_000n } });
});
afterAll(async () => vendor?.close());

interface SseEvent {
  event: string;
  data: string;
  at: number;
}

/** Reads server-sent events as they arrive, noting when each came. */
async function readEvents(response: Response, stopAfter?: number): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const lines = block.split('\n');
      const event = lines.find((l) => l.startsWith('event: '))?.slice(7) ?? 'message';
      const data = lines.filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
      events.push({ event, data, at: performance.now() });
      if (stopAfter !== undefined && events.length >= stopAfter) {
        await reader.cancel();
        return events;
      }
    }
  }
  return events;
}

async function voucherHeader(client: VoucherClient): Promise<string> {
  return client.header(await client.sign(0n, 1_000_000n));
}

describe('GET /api/stream', () => {
  it('sends events over time and ends with a receipt charging the time streamed', async () => {
    const client = new VoucherClient(vendor);
    const response = await fetch(`${vendor.url}/api/stream?seconds=1`, { headers: { 'x-voucher': await voucherHeader(client) } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = await readEvents(response);
    const ticks = events.filter((e) => e.event === 'tick');
    expect(ticks).toHaveLength(5);
    expect(ticks.at(-1)!.at - ticks[0]!.at).toBeGreaterThanOrEqual(600);
    const last = events.at(-1)!;
    expect(last.event).toBe('voucher-receipt');
    const receipt = parseReceiptEventData(last.data);
    expect(receipt.usage.elapsedMs).toBeGreaterThanOrEqual(1000n);
    expect(receipt.cost).toBe(costOf(PRICES, receipt.usage));
    const ticksBytes = events.slice(0, -1).reduce((sum, e) => sum + Buffer.byteLength(`event: ${e.event}\ndata: ${e.data}\n\n`), 0);
    expect(receipt.usage.bytes).toBe(BigInt(ticksBytes));
    expect((await adminStats(vendor.url)).clients[client.address.toLowerCase()]?.charged).toBe(receipt.cost.toString());
  });

  it('settles what was used when the client disconnects', async () => {
    const client = new VoucherClient(vendor);
    const response = await fetch(`${vendor.url}/api/stream?seconds=5`, { headers: { 'x-voucher': await voucherHeader(client) } });
    await readEvents(response, 2);
    let charged: string | undefined;
    for (let i = 0; i < 50 && charged === undefined; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      charged = (await adminStats(vendor.url)).clients[client.address.toLowerCase()]?.charged;
    }
    const cost = BigInt(charged!);
    expect(cost).toBeGreaterThanOrEqual(400n);
    expect(cost).toBeLessThan(5000n);
    const view = await adminView(vendor.url, client.address);
    expect(view.locked).toBe('0');
    expect(view.unmarked).toBe(charged);
  });
});

describe('POST /mcp', () => {
  const rpc = (method: string, params: unknown, id = 1) => JSON.stringify({ jsonrpc: '2.0', id, method, params });
  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${vendor.url}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
      body,
    });
  const addCall = rpc('tools/call', { name: 'add', arguments: { a: 2, b: 3 } });

  it('initialize and tools/list are free', async () => {
    const init = await post(
      rpc('initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'test', version: '1' } }),
    );
    expect(init.status).toBe(200);
    expect((await init.json()).result.serverInfo.name).toBe('voucher-wallet-mock-vendor');
    const list = await post(rpc('tools/list', {}));
    expect(list.status).toBe(200);
    expect(list.headers.get('x-voucher-receipt')).toBeNull();
    const names = (await list.json()).result.tools.map((tool: { name: string }) => tool.name);
    expect(names).toEqual(['echo', 'add']);
  });

  it('tools/call without a voucher is a 402', async () => {
    const response = await post(addCall);
    expect(response.status).toBe(402);
    expect((await response.json()).error.code).toBe('payment_required');
  });

  it('tools/call with a voucher returns the result and a receipt header', async () => {
    const client = new VoucherClient(vendor);
    const response = await post(addCall, { 'x-voucher': await voucherHeader(client) });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(JSON.parse(text).result.content[0].text).toBe('5');
    const answer = await client.request('/mcp', client.header(await client.sign(0n, 1_000_000n)), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: rpc('tools/call', { name: 'echo', arguments: { text: 'paid' } }),
    });
    const receipt = answer.receipt as Receipt;
    expect(receipt.usage.bytes).toBe(BigInt(Buffer.byteLength(answer.text)));
    expect(receipt.cost).toBe(costOf(PRICES, receipt.usage));
  });

  it('an SSE response carries the receipt as its final event', async () => {
    const client = new VoucherClient(vendor);
    const response = await post(addCall, { 'x-voucher': await voucherHeader(client), accept: 'text/event-stream, application/json' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = await readEvents(response);
    const result = events.find((e) => e.event === 'message');
    expect(JSON.parse(result!.data).result.content[0].text).toBe('5');
    const last = events.at(-1)!;
    expect(last.event).toBe('voucher-receipt');
    const receipt = parseReceiptEventData(last.data);
    expect(receipt.client).toBe(client.address);
    expect(receipt.cost).toBe(costOf(PRICES, receipt.usage));
  });
});
