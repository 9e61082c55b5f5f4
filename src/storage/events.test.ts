import { afterEach, expect, it, vi } from 'vitest';
import { TransactionEventHub } from './events';
import type { TransactionEvent } from './interfaces/TransactionStore';
import { txRecord } from './transaction-store.contract';

const hubs: TransactionEventHub[] = [];
const hub = (options: ConstructorParameters<typeof TransactionEventHub>[0]) => {
  const h = new TransactionEventHub(options);
  hubs.push(h);
  return h;
};
afterEach(() => {
  vi.useRealTimers();
  hubs.splice(0).forEach((h) => h.close());
});

const created = (ref: string): TransactionEvent => ({ type: 'created', record: txRecord(ref, 1) });

it('holds events for the flush window, then delivers them all in order', () => {
  vi.useFakeTimers();
  const h = hub({ flushDelayMs: 16 });
  const seen: TransactionEvent[] = [];
  h.subscribe((e) => seen.push(e));
  h.emit([created('a')]);
  h.emit([created('b'), { type: 'cleared' }]);
  vi.advanceTimersByTime(15);
  expect(seen).toEqual([]);
  vi.advanceTimersByTime(1);
  expect(seen).toEqual([created('a'), created('b'), { type: 'cleared' }]);
});

it('batches per microtask with flushDelayMs 0', async () => {
  const h = hub({ flushDelayMs: 0 });
  const seen: TransactionEvent[] = [];
  h.subscribe((e) => seen.push(e));
  h.emit([created('a')]);
  h.emit([created('b')]);
  expect(seen).toEqual([]);
  await Promise.resolve();
  expect(seen).toEqual([created('a'), created('b')]);
});

it('flushes pending events on close and emits nothing afterwards', () => {
  vi.useFakeTimers();
  const h = hub({ flushDelayMs: 1000 });
  const seen: TransactionEvent[] = [];
  h.subscribe((e) => seen.push(e));
  h.emit([created('a')]);
  h.close();
  expect(seen).toEqual([created('a')]);
  h.emit([created('b')]);
  vi.advanceTimersByTime(2000);
  expect(seen).toEqual([created('a')]);
});
