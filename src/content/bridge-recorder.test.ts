import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PageInput, PageOutput } from '../messaging/page-api';
import type { Reply } from '../messaging/reply';
import type { RecordEvent } from '../payer/record-model';
import { ANNOUNCE_AFTER_MS, createBridgeRecorder, FLUSH_MS, PROMPT_FLUSH_MS, RESEND_MS } from './bridge-recorder';
import { fakeBridge } from './test-bridge';

const VENDOR = 'http://vendor.test';
const request = { at: 0, method: 'GET', url: `${VENDOR}/api`, headersSummary: {}, stream: false, protocol: 'http' as const };
const response = { status: 200, durationMs: 4, stream: false };
const receipt = { source: 'header' as const, value: 'r', elapsedMs: 4 };
const done: Reply<PageOutput<'page.records'>> = { ok: true, value: { vendors: [], receiptPace: [] } };

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

function worker(reply: (events: RecordEvent[]) => Reply<PageOutput<'page.records'>> = () => done) {
  const batches: RecordEvent[][] = [];
  const fake = fakeBridge({
    'page.records': (input: PageInput<'page.records'>) => {
      batches.push(input.events);
      return reply(input.events);
    },
  });
  const headers: unknown[] = [];
  const recorder = createBridgeRecorder(fake.bridge, { onVendorHeaders: (list) => headers.push(...list) });
  return { batches, recorder, headers, fake };
}

describe('bridge recorder', () => {
  it('coalesces a request answered within one batch window into one event, sent after the window', async () => {
    const { batches, recorder } = worker();
    recorder.start('a', VENDOR, request);
    recorder.note('a', { response, end: {} });
    recorder.start('b', VENDOR, request);
    recorder.note('b', { response, end: {} });
    await vi.advanceTimersByTimeAsync(FLUSH_MS - 1);
    expect(batches).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(batches).toEqual([
      [
        { clientTxRef: 'a', request, response, end: {} },
        { clientTxRef: 'b', request, response, end: {} },
      ],
    ]);
  });

  it('announces a request still running after a while, and sends the rest later', async () => {
    const { batches, recorder } = worker();
    recorder.start('slow', VENDOR, request);
    await vi.advanceTimersByTimeAsync(ANNOUNCE_AFTER_MS + FLUSH_MS);
    expect(batches).toEqual([[{ clientTxRef: 'slow', request }]]);
    recorder.note('slow', { response, end: {} });
    await vi.advanceTimersByTimeAsync(FLUSH_MS);
    expect(batches[1]).toEqual([{ clientTxRef: 'slow', response, end: {} }]);
  });

  it('sends a receipt promptly unless the worker said this vendor\'s receipts may wait', async () => {
    const { batches, recorder } = worker(() => ({ ok: true, value: { vendors: [], receiptPace: [{ vendorOrigin: VENDOR, prompt: false }] } }));
    recorder.start('a', VENDOR, request);
    recorder.note('a', { response, receipt, end: {} });
    await vi.advanceTimersByTimeAsync(PROMPT_FLUSH_MS);
    expect(batches).toHaveLength(1);
    recorder.start('b', VENDOR, request);
    recorder.note('b', { response, receipt, end: {} });
    await vi.advanceTimersByTimeAsync(PROMPT_FLUSH_MS);
    expect(batches).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(FLUSH_MS);
    expect(batches).toHaveLength(2);
  });

  it('resends a batch the worker died with, first in the next one', async () => {
    let calls = 0;
    const { batches, recorder } = worker(() => (++calls === 1 ? { ok: false, code: 'worker_unreachable', message: 'gone' } : done));
    recorder.start('a', VENDOR, request);
    recorder.note('a', { response, end: {} });
    await vi.advanceTimersByTimeAsync(FLUSH_MS);
    recorder.start('b', VENDOR, request);
    recorder.note('b', { response, end: {} });
    await vi.advanceTimersByTimeAsync(RESEND_MS);
    expect(batches.map((batch) => batch.map((event) => event.clientTxRef))).toEqual([['a'], ['a', 'b']]);
  });

  it('a request whose 402 told the worker its request sends no request again', async () => {
    const { batches, recorder } = worker();
    recorder.start('p', VENDOR, request);
    recorder.challenged('p', VENDOR, request);
    recorder.note('p', { response, end: {} });
    recorder.challenged('q', VENDOR, request); // a vendor the page held no header for
    recorder.note('q', { response, end: {} });
    await vi.advanceTimersByTimeAsync(FLUSH_MS);
    expect(batches).toEqual([
      [
        { clientTxRef: 'p', response, end: {} },
        { clientTxRef: 'q', response, end: {} },
      ],
    ]);
  });

  it('hands fresh headers to the issuer and sends everything at once when the page goes away', async () => {
    const header = { vendorOrigin: VENDOR, header: 'v1.top-up', newestNonce: 1n };
    const { batches, recorder, headers } = worker(() => ({ ok: true, value: { vendors: [header], receiptPace: [] } }));
    recorder.start('running', VENDOR, request);
    recorder.flushNow();
    await vi.advanceTimersByTimeAsync(0);
    expect(batches).toEqual([[{ clientTxRef: 'running', request }]]);
    expect(headers).toEqual([header]);
  });

  it('ignores what comes after a request ended', async () => {
    const { batches, recorder } = worker();
    recorder.start('a', VENDOR, request);
    recorder.note('a', { response, end: {} });
    recorder.note('a', { end: { error: { code: 'late', message: 'late' } } });
    await vi.advanceTimersByTimeAsync(FLUSH_MS);
    expect(batches[0]).toEqual([{ clientTxRef: 'a', request, response, end: {} }]);
  });
});
