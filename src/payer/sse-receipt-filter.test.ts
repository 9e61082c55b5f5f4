import { describe, expect, it } from 'vitest';
import { createSseReceiptFilter, MAX_HELD_EVENT_BYTES } from './sse-receipt-filter';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

async function filter(chunks: Uint8Array[]): Promise<{ text: string; receipts: string[]; signatures: (string | null)[] }> {
  const receipts: string[] = [];
  const signatures: (string | null)[] = [];
  const source = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
  const out = source.pipeThrough(createSseReceiptFilter((data, signature) => void (receipts.push(data), signatures.push(signature))));
  const parts: Uint8Array[] = [];
  const reader = out.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
  }
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.byteLength;
  }
  return { text: decoder.decode(bytes), receipts, signatures };
}

function split(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const cut of [...cuts, bytes.byteLength]) {
    chunks.push(bytes.slice(start, cut));
    start = cut;
  }
  return chunks;
}

const tick = 'event: tick\ndata: {"n":1,"é":"ü"}\n\n';
const receiptData = '{"cost":"7","v":"ß"}';
const receipt = `event: voucher-receipt\ndata: ${receiptData}\n\n`;
const tail = ': bye\n\n';

describe('createSseReceiptFilter', () => {
  it('hands over the vendor\'s signature field with the receipt, and null for an unsigned one', async () => {
    const signed = await filter([encoder.encode('data: a\n\nevent: voucher-receipt\ndata: {"x":1}\nsignature: 0xab\n\n')]);
    expect(signed).toEqual({ text: 'data: a\n\n', receipts: ['{"x":1}'], signatures: ['0xab'] });
    const unsigned = await filter([encoder.encode('event: voucher-receipt\ndata: {"x":2}\n\n')]);
    expect(unsigned.signatures).toEqual([null]);
  });

  it('removes the receipt event and hands over its data for every single chunk boundary', async () => {
    const bytes = encoder.encode(tick + receipt + tail);
    for (let cut = 0; cut <= bytes.byteLength; cut++) {
      const { text, receipts } = await filter(split(bytes, [cut]));
      expect(text, `cut at ${cut}`).toBe(tick + tail);
      expect(receipts, `cut at ${cut}`).toEqual([receiptData]);
    }
  });

  it('survives every pair of chunk boundaries with CRLF line ends', async () => {
    const crlf = (s: string) => s.replaceAll('\n', '\r\n');
    const bytes = encoder.encode(crlf(tick + receipt + tail));
    for (let a = 0; a <= bytes.byteLength; a += 1) {
      for (let b = a; b <= bytes.byteLength; b += 3) {
        const { text, receipts } = await filter(split(bytes, [a, b]));
        expect(text, `cuts ${a},${b}`).toBe(crlf(tick + tail));
        expect(receipts).toEqual([receiptData]);
      }
    }
  });

  it('handles byte-at-a-time delivery and lone CR line ends', async () => {
    const cr = (s: string) => s.replaceAll('\n', '\r');
    const bytes = encoder.encode(cr(tick + receipt + tail));
    const { text, receipts } = await filter(split(bytes, Array.from({ length: bytes.byteLength - 1 }, (_, i) => i + 1)));
    expect(text).toBe(cr(tick + tail));
    expect(receipts).toEqual([receiptData]);
  });

  it('recognises the receipt whatever the field order, and joins multi-line data', async () => {
    const body = `data: {"a":\ndata: 1}\nevent: voucher-receipt\n\n${tick}`;
    const { text, receipts } = await filter([encoder.encode(body)]);
    expect(text).toBe(tick);
    expect(receipts).toEqual(['{"a":\n1}']);
  });

  it('passes other events untouched, including one named like the receipt but longer', async () => {
    const body = `event: voucher-receipt-preview\ndata: x\n\n${tick}data: plain\n\n`;
    const { text, receipts } = await filter([encoder.encode(body)]);
    expect(text).toBe(body);
    expect(receipts).toEqual([]);
  });

  it('hands over a final receipt event that the stream ends without a blank line', async () => {
    const { text, receipts } = await filter([encoder.encode(`${tick}event: voucher-receipt\ndata: ${receiptData}`)]);
    expect(text).toBe(tick);
    expect(receipts).toEqual([receiptData]);
  });

  it('lets an event larger than the hold limit flow through before it ends', async () => {
    const big = `data: ${'x'.repeat(MAX_HELD_EVENT_BYTES + 10)}\n\n`;
    const bytes = encoder.encode(big + receipt);
    const receipts: string[] = [];
    const writerSide = createSseReceiptFilter((data) => void receipts.push(data));
    const writer = writerSide.writable.getWriter();
    const reader = writerSide.readable.getReader();
    // Before the big event's blank line arrives, most of it is already readable.
    void writer.write(bytes.slice(0, MAX_HELD_EVENT_BYTES + 8));
    const first = await reader.read();
    expect(first.value!.byteLength).toBeGreaterThan(MAX_HELD_EVENT_BYTES);
    void writer.write(bytes.slice(MAX_HELD_EVENT_BYTES + 8));
    void writer.close();
    let rest = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      rest += decoder.decode(value, { stream: true });
    }
    expect(decoder.decode(first.value) + rest).toBe(big);
    expect(receipts).toEqual([receiptData]);
  });

  it('keeps a normal event back only until its blank line', async () => {
    const stream = createSseReceiptFilter(() => undefined);
    const writer = stream.writable.getWriter();
    const reader = stream.readable.getReader();
    void writer.write(encoder.encode('event: tick\ndata: 1\n\nevent: ti'));
    expect(decoder.decode((await reader.read()).value)).toBe('event: tick\ndata: 1\n\n');
    void writer.write(encoder.encode('ck\ndata: 2\n\n'));
    expect(decoder.decode((await reader.read()).value)).toBe('event: tick\ndata: 2\n\n');
    void writer.close();
    expect((await reader.read()).done).toBe(true);
  });
});
