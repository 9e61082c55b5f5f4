import { IndexedDbTransactionStore } from '../../../src/storage';
import type { TransactionFilter, TransactionRecord, TransactionStatus } from '../../../src/storage';

/**
 * The real IndexedDB transaction store (src/storage) and the benchmark's record generator, for a
 * Chromium page: bundled as an IIFE into window.benchStore (bench/browser/bundle.ts). Timing runs
 * inside the page with performance.now(), so no DevTools round trip is counted.
 */
// Final statuses only, as in a real history: old `pending` records would be rewritten by the
// worker's sweeper while the popup is being timed, and the popup's read would wait behind it.
const STATUSES: TransactionStatus[] = ['paid', 'free', 'paid', 'error'];
const VENDORS = 8;

/** Records `start`…`start + count - 1`, one second apart ending near `newest`, spread over vendors and statuses. */
export function records(count: number, start: number, newest: number, prefix = 'r'): TransactionRecord[] {
  return Array.from({ length: count }, (_, i) => {
    const n = start + i;
    return {
      clientTxRef: `${prefix}${n}`,
      timestamp: newest - (200_000 - n) * 1_000,
      protocol: n % 5 === 0 ? 'mcp' : 'http',
      method: 'POST',
      urlOrTarget: 'http://127.0.0.1:8402/api/echo?q=hello',
      operation: 'GET:/api/echo',
      headersSummary: { 'content-type': 'application/json' },
      requestBodyHash: 'a'.repeat(64),
      requestBodySize: 120,
      stream: n % 3 === 0,
      channelId: `0x${(n % VENDORS).toString(16).padStart(40, '0')}`,
      status: STATUSES[n % 4]!,
      statusCode: 200,
      durationMs: 40,
      payment: { cost: BigInt(1_000 + n), costUsd: BigInt(1_000 + n), nonce: BigInt(n), paidAt: new Date(newest).toISOString() },
    };
  });
}

export function openStore(dbName: string, channelName: string | null = null, maxRecords = 250_000): IndexedDbTransactionStore {
  return new IndexedDbTransactionStore({ dbName, channelName, maxRecords });
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/** Inserts `count` records from `start` in batches of `batch` (one transaction each); returns ms. */
export async function seed(store: IndexedDbTransactionStore, start: number, count: number, newest: number, batch = 5_000): Promise<number> {
  return timed(async () => {
    for (let at = start; at < start + count; at += batch) {
      await store.createMany(records(Math.min(batch, start + count - at), at, newest));
    }
  });
}

/** ms per create() and per update(), each one at a time (one transaction per call). */
export async function writeOps(store: IndexedDbTransactionStore, ops: number, newest: number, prefix: string) {
  const fresh = records(ops, 0, newest, prefix);
  const createMs = await timed(async () => {
    for (const record of fresh) await store.create(record);
  });
  const updateMs = await timed(async () => {
    for (const record of fresh) await store.update(record.clientTxRef, { status: 'paid', statusCode: 201 });
  });
  return { createPerSecond: (ops * 1000) / createMs, updatePerSecond: (ops * 1000) / updateMs };
}

/** ms of one list() call. */
export function listMs(store: IndexedDbTransactionStore, filter: TransactionFilter, offset: number, limit = 50): Promise<number> {
  return timed(async () => {
    const page = await store.list(filter, { offset, limit });
    if (page.items.length === 0) throw new Error(`list returned nothing for ${JSON.stringify(filter)}`);
  });
}

export function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
  });
}
