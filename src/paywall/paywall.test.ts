import { describe, expect, it } from 'vitest';
import { OTHER_VENDOR, PRICES } from '../engine/test-fixtures';
import { privateKeyToAccount } from 'viem/accounts';
import { costOf, isReceiptSignedBy, parseReceiptEventData, parseReceiptHeader, parseRequirements } from '../protocol';
import { TERMS, testPaywall, voucherHeaderFor } from './test-fixtures';

const URL_ = 'http://vendor.test/api/thing';
const encoder = new TextEncoder();

function paidRequest(header?: string, extra: Record<string, string> = {}): Request {
  return new Request(URL_, { headers: { ...(header === undefined ? {} : { 'x-voucher': header }), ...extra } });
}

const json = (text: string) => () => new Response(text, { headers: { 'content-type': 'application/json' } });

describe('createPaywall refusals', () => {
  it('answers a request without a voucher with 402, x-voucher-required and the requirements', async () => {
    const { paywall, refused } = testPaywall();
    let ran = false;
    const response = await paywall.handle(paidRequest(), { approxCost: 150n }, () => {
      ran = true;
      return new Response('never');
    });
    expect(ran).toBe(false);
    expect(response.status).toBe(402);
    expect(response.headers.get('x-voucher-required')).toBe('v1');
    const requirements = parseRequirements(await response.text());
    expect(requirements.error.code).toBe('payment_required');
    expect(requirements.vendor).toBe(TERMS.vendor);
    expect(requirements.prices.approxCost).toBe(150n);
    expect(requirements.nextNonce).toBe(0n);
    expect(refused).toEqual([{ status: 402, refusal: expect.objectContaining({ code: 'payment_required' }), client: undefined }]);
  });

  it('answers a malformed header with 400 and its parse code, no x-voucher-required', async () => {
    const { paywall } = testPaywall();
    const response = await paywall.handle(paidRequest('v1.@@@'), { approxCost: 100n }, json('{}'));
    expect(response.status).toBe(400);
    expect(response.headers.get('x-voucher-required')).toBeNull();
    expect(parseRequirements(await response.text()).error.code).toBe('malformed_voucher_header');
  });

  it('answers an engine refusal with its status and names the client to the observer', async () => {
    const { paywall, refused } = testPaywall();
    const { header, client } = await voucherHeaderFor(1, 10_000n, { vendor: OTHER_VENDOR });
    const response = await paywall.handle(paidRequest(header), { approxCost: 100n }, json('{}'));
    expect(response.status).toBe(403);
    expect(parseRequirements(await response.text()).error.code).toBe('wrong_vendor');
    expect(refused.map((each) => [each.status, each.client])).toEqual([[403, client]]);
  });

  it('answers a lock larger than the voucher with 402 insufficient_credit, the next nonce and the credit', async () => {
    const { paywall } = testPaywall();
    const { header } = await voucherHeaderFor(2, 50n);
    const response = await paywall.handle(paidRequest(header), { approxCost: 100n }, json('{}'));
    expect(response.status).toBe(402);
    const requirements = parseRequirements(await response.text());
    expect(requirements.error.code).toBe('insufficient_credit');
    expect(requirements.nextNonce).toBe(1n);
    expect(requirements.credit?.available).toBe(50n);
  });
});

describe('createPaywall charging', () => {
  it('charges a whole response its measured time and bytes and answers with the receipt header', async () => {
    const { paywall, clock, charged } = testPaywall();
    const { header, client } = await voucherHeaderFor(3, 10_000n);
    const body = '{"answer":42}';
    const response = await paywall.handle(paidRequest(header, { 'x-client-tx-ref': 'ref-1' }), { approxCost: 100n }, (_request, payment) => {
      expect(payment.client).toBe(client);
      clock.now += 7.2; // rounded up to 8 ms
      return json(body)();
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(body);
    const receipt = parseReceiptHeader(response.headers.get('x-voucher-receipt'));
    expect(receipt.usage).toEqual({ elapsedMs: 8n, bytes: BigInt(body.length) });
    expect(receipt.cost).toBe(costOf(PRICES, receipt.usage));
    expect(receipt.cost).toBeGreaterThan(0n);
    expect(receipt.client).toBe(client);
    expect(response.headers.get('content-length')).toBe(String(body.length));
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-expose-headers')).toContain('x-voucher-receipt');
    expect(response.headers.get('x-client-tx-ref')).toBe('ref-1');
    expect(charged).toEqual([{ client, receipt }]);
    expect((await paywall.engine.inspect(client)).unmarked).toBe(receipt.cost);
  });

  it('leaves CORS to the application when told to', async () => {
    const { paywall } = testPaywall({ cors: false });
    const response = await paywall.handle(paidRequest(), { approxCost: 100n }, json('{}'));
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('releases the lock and charges nothing when the handler throws or answers an error status', async () => {
    const { paywall, charged } = testPaywall();
    const { header, client } = await voucherHeaderFor(4, 10_000n);
    await expect(
      paywall.handle(paidRequest(header), { approxCost: 100n }, () => {
        throw new Error('handler failed');
      }),
    ).rejects.toThrow('handler failed');
    const failed = await paywall.handle(paidRequest(header), { approxCost: 100n }, () => new Response('nope', { status: 500 }));
    expect(failed.status).toBe(500);
    expect(await failed.text()).toBe('nope');
    expect(failed.headers.get('x-voucher-receipt')).toBeNull();
    const view = await paywall.engine.inspect(client);
    expect([view.locked, view.unmarked, charged.length]).toEqual([0n, 0n, 0]);
  });
});

/** A stream of the given SSE events that records whether its consumer cancelled it. */
function events(texts: string[]): { stream: ReadableStream<Uint8Array>; cancelled: () => boolean } {
  let cancelled = false;
  let index = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (index < texts.length) controller.enqueue(encoder.encode(texts[index++]!));
      else controller.close();
    },
    cancel() {
      cancelled = true;
    },
  });
  return { stream, cancelled: () => cancelled };
}

const sse = (stream: ReadableStream<Uint8Array>) => () => new Response(stream, { headers: { 'content-type': 'text/event-stream' } });

describe('createPaywall on text/event-stream', () => {
  it('appends the receipt as the final voucher-receipt event, charging the bytes before it', async () => {
    const { paywall, clock, charged } = testPaywall();
    const { header } = await voucherHeaderFor(5, 10_000n);
    const ticks = ['event: tick\ndata: 1\n\n', 'event: tick\ndata: 2\n\n'];
    const response = await paywall.handle(paidRequest(header), { approxCost: 100n }, sse(events(ticks).stream));
    expect(response.headers.get('x-voucher-receipt')).toBeNull();
    // Marked settled, so a payer knows the receipt comes as the last event (§7.4).
    expect(response.headers.get('x-voucher-stream')).toBe('v1');
    expect(response.headers.get('access-control-expose-headers')).toContain('x-voucher-stream');
    clock.now += 30;
    const text = await response.text();
    expect(text.startsWith(ticks.join(''))).toBe(true);
    const last = text.slice(ticks.join('').length);
    expect(last).toMatch(/^event: voucher-receipt\ndata: .*\n\n$/);
    const receipt = parseReceiptEventData(last.split('\n')[1]!.slice('data: '.length));
    expect(receipt.usage).toEqual({ elapsedMs: 30n, bytes: BigInt(ticks.join('').length) });
    expect(charged.map((each) => each.receipt)).toEqual([receipt]);
  });

  it('signs receipts with the vendor key it is given: the event carries a signature field, the header its own header', async () => {
    const key = privateKeyToAccount('0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba');
    const { paywall } = testPaywall({ receiptSigner: key });
    const { header } = await voucherHeaderFor(5, 10_000n);
    const streamed = await paywall.handle(paidRequest(header), { approxCost: 100n }, sse(events(['event: tick\ndata: 1\n\n']).stream));
    const last = (await streamed.text()).split('\n\n').at(-2)!;
    expect(last).toMatch(/^event: voucher-receipt\ndata: .*\nsignature: 0x[0-9a-f]{130}$/);
    const [, dataLine, signatureLine] = last.split('\n');
    const data = dataLine!.slice('data: '.length);
    expect(isReceiptSignedBy(data, signatureLine!.slice('signature: '.length), key.address)).toBe(true);
    expect(isReceiptSignedBy(data.replace('"cost":"', '"cost":"9'), signatureLine!.slice('signature: '.length), key.address)).toBe(false);
    const whole = await paywall.handle(paidRequest(header), { approxCost: 100n }, json('{}'));
    const receipt = parseReceiptHeader(whole.headers.get('x-voucher-receipt'));
    const signature = whole.headers.get('x-voucher-receipt-signature')!;
    expect(isReceiptSignedBy(JSON.stringify(JSON.parse(Buffer.from(whole.headers.get('x-voucher-receipt')!.slice(3), 'base64url').toString())), signature, key.address)).toBe(true);
    expect(receipt.cost).toBeGreaterThan(0n);
  });

  it('charges a consumer that cancels for the bytes it was handed, once, and cancels the source', async () => {
    const { paywall, charged } = testPaywall();
    const { header, client } = await voucherHeaderFor(6, 10_000n);
    const ticks = ['event: tick\ndata: 1\n\n', 'event: tick\ndata: 22\n\n', 'event: tick\ndata: 333\n\n'];
    const source = events(ticks);
    const response = await paywall.handle(paidRequest(header), { approxCost: 100n }, sse(source.stream));
    const reader = response.body!.getReader();
    await reader.read();
    await reader.read();
    await reader.cancel();
    expect(source.cancelled()).toBe(true);
    expect(charged).toHaveLength(1);
    expect(charged[0]!.receipt.usage.bytes).toBe(BigInt(ticks[0]!.length + ticks[1]!.length));
    expect((await paywall.engine.inspect(client)).locked).toBe(0n);
  });
});

describe('createPaywall never serves more than was signed', () => {
  it('prices a whole answer before sending it: over the credit it is a 402 naming its cost, and nothing is charged', async () => {
    const { paywall, clock, charged } = testPaywall();
    const { header, client } = await voucherHeaderFor(7, 100n);
    const body = 'x'.repeat(500);
    const response = await paywall.handle(paidRequest(header), { approxCost: 10n }, () => {
      clock.now += 50;
      return json(body)();
    });
    expect(response.status).toBe(402);
    expect(response.headers.get('x-voucher-receipt')).toBeNull();
    const requirements = parseRequirements(await response.text());
    expect(requirements.error.code).toBe('insufficient_credit');
    expect(requirements.prices.approxCost).toBe(costOf(PRICES, { elapsedMs: 50n, bytes: 500n }));
    expect(requirements.prices.approxCost).toBeGreaterThan(100n);
    expect(requirements.credit).toMatchObject({ unspent: 100n, unmarked: 0n, locked: 0n });
    expect(charged).toHaveLength(0);
    expect(await paywall.engine.inspect(client)).toMatchObject({ unmarked: 0n, locked: 0n });
  });

  it('ends a stream with its receipt when the credit runs out, charging no more than the voucher', async () => {
    const { paywall, clock, charged } = testPaywall();
    const { header } = await voucherHeaderFor(8, 100n);
    // 40 bytes each; PRICES charge a byte an atom, so the third tick would pass the 100 atoms.
    const tick = `event: tick\ndata: ${'y'.repeat(20)}\n\n`;
    expect(tick.length).toBe(40);
    const source = events([tick, tick, tick, tick]);
    const response = await paywall.handle(paidRequest(header), { approxCost: 10n }, sse(source.stream));
    clock.now += 3;
    const text = await response.text();
    expect(text.startsWith(tick + tick + 'event: voucher-receipt\n')).toBe(true);
    expect(source.cancelled()).toBe(true);
    const receipt = parseReceiptEventData(text.slice(2 * tick.length).split('\n')[1]!.slice('data: '.length));
    expect(receipt.usage.bytes).toBe(80n);
    expect(receipt.cost).toBe(costOf(PRICES, receipt.usage));
    expect(receipt.cost).toBeLessThanOrEqual(100n);
    expect(receipt.credit.unmarked).toBeLessThanOrEqual(receipt.credit.unspent);
    expect(charged.map((each) => each.receipt)).toEqual([receipt]);
  });

  it('asks a payer whose credit is held by requests in flight to wait (Retry-After), not sign', async () => {
    const { paywall } = testPaywall();
    const { header } = await voucherHeaderFor(9, 100n);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const firstRunning = new Promise<void>((resolve) => (entered = resolve));
    const first = paywall.handle(paidRequest(header), { approxCost: 60n }, async () => {
      entered();
      await held;
      return json('{}')();
    });
    // The first request holds its lock once its handler runs.
    await firstRunning;
    const second = await paywall.handle(paidRequest(header), { approxCost: 60n }, json('{}'));
    expect(second.status).toBe(402);
    expect(parseRequirements(await second.text()).credit).toMatchObject({ locked: 60n, available: 40n });
    expect(second.headers.get('retry-after')).toBe('1');
    expect(second.headers.get('access-control-expose-headers')).toContain('retry-after');
    release();
    expect((await first).status).toBe(200);
    // Not when only more vouchers help.
    const third = await paywall.handle(paidRequest(header), { approxCost: 200n }, json('{}'));
    expect(third.status).toBe(402);
    expect(third.headers.get('retry-after')).toBeNull();
  });
});
