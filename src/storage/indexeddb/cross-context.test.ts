/**
 * The service worker writes, the popup listens: two store instances over one database and one
 * BroadcastChannel name, as two extension contexts would be (Node's BroadcastChannel delivers
 * between instances in one process like a browser does between contexts of one origin).
 */
import 'fake-indexeddb/auto';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, expect, it, vi } from 'vitest';
import { DEFAULT_FLUSH_DELAY_MS } from '../events';
import type { TransactionEvent } from '../interfaces/TransactionStore';
import { txRecord } from '../transaction-store.contract';
import { IndexedDbTransactionStore } from './transactions.indexeddb';

const T0 = 1_700_000_000_000;
let channelSeq = 0;
const open: IndexedDbTransactionStore[] = [];

function twoContexts() {
  const indexedDB = new IDBFactory();
  const channelName = `tx-test-${process.pid}-${++channelSeq}`;
  const worker = new IndexedDbTransactionStore({ indexedDB, IDBKeyRange, dbName: 'wallet', channelName });
  const popup = new IndexedDbTransactionStore({ indexedDB, IDBKeyRange, dbName: 'wallet', channelName });
  open.push(worker, popup);
  return { worker, popup, channelName };
}

afterEach(async () => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  await Promise.all(open.splice(0).map((s) => s.close()));
});

it('delivers the worker’s created, updated and cleared events to the popup, in order, bigints intact', async () => {
  const { worker, popup } = twoContexts();
  const seen: TransactionEvent[] = [];
  popup.subscribe((e) => seen.push(e));
  await worker.create(txRecord('t1', T0, { channelId: 'vendor' }));
  await worker.update('t1', {
    status: 'paid',
    payment: { cost: 2n ** 65n, costUsd: 3n, nonce: 2n ** 64n - 1n, paidAt: '2024-01-01T00:00:00Z' },
  });
  await worker.create(txRecord('t2', T0 + 1));
  await worker.clear();
  await vi.waitFor(() => expect(seen).toHaveLength(4));
  expect(seen.map((e) => (e.type === 'cleared' ? e.type : `${e.type}:${e.record.clientTxRef}`))).toEqual([
    'created:t1',
    'updated:t1',
    'created:t2',
    'cleared',
  ]);
  const paid = seen[1] as Extract<TransactionEvent, { type: 'updated' }>;
  expect(paid.record.payment).toEqual({ cost: 2n ** 65n, costUsd: 3n, nonce: 2n ** 64n - 1n, paidAt: '2024-01-01T00:00:00Z' });
});

it('lets the popup read what the worker wrote once the event arrives', async () => {
  const { worker, popup } = twoContexts();
  const arrived = new Promise<TransactionEvent>((resolve) => popup.subscribe(resolve));
  await worker.create(txRecord('t1', T0, { status: 'paid' }));
  const event = await arrived;
  expect(event.type).toBe('created');
  expect((await popup.list({ status: 'paid' })).items.map((r) => r.clientTxRef)).toEqual(['t1']);
});

it('coalesces a burst of writes into one broadcast', async () => {
  // Only the hub's flush window is faked: fake-indexeddb runs on setImmediate, which stays real,
  // so the burst completes while the window is held open however slow the machine is.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  const { worker, popup } = twoContexts();
  const post = vi.spyOn(BroadcastChannel.prototype, 'postMessage');
  const seen: string[] = [];
  popup.subscribe((e) => seen.push(e.type === 'cleared' ? 'cleared' : e.record.clientTxRef));
  await worker.createMany(Array.from({ length: 30 }, (_, i) => txRecord(`b${i}`, T0 + i)));
  await Promise.all(Array.from({ length: 30 }, (_, i) => worker.update(`b${i}`, { statusCode: 200 })));
  expect(post).not.toHaveBeenCalled();
  vi.advanceTimersByTime(DEFAULT_FLUSH_DELAY_MS);
  expect(post).toHaveBeenCalledOnce();
  await vi.waitFor(() => expect(seen).toHaveLength(60));
  expect(seen).toEqual([...Array.from({ length: 30 }, (_, i) => `b${i}`), ...Array.from({ length: 30 }, (_, i) => `b${i}`)]);
});

it('ignores a malformed batch from another context', async () => {
  const { popup, channelName } = twoContexts();
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  const seen: TransactionEvent[] = [];
  popup.subscribe((e) => seen.push(e));
  const intruder = new BroadcastChannel(channelName);
  intruder.postMessage({
    kind: 'voucher-wallet/transaction-events',
    version: 1,
    events: [{ type: 'created', record: { clientTxRef: 'x', status: 'stolen' } }],
  });
  intruder.postMessage('hello');
  // A valid batch after the bad ones: once it arrives, the bad ones have been handled.
  const good: TransactionEvent = { type: 'created', record: txRecord('ok', T0) };
  intruder.postMessage({ kind: 'voucher-wallet/transaction-events', version: 1, events: [good] });
  await vi.waitFor(() => expect(seen).toHaveLength(1));
  intruder.close();
  expect(seen).toEqual([good]);
  await vi.waitFor(() => expect(warn).toHaveBeenCalledTimes(4)); // two bad batches, seen by both stores
});
