import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { IDBFactory, IDBIndex, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TransactionFilter, TransactionRecord, TransactionStatus } from '../interfaces/TransactionStore';
import { matchesFilter } from '../query';
import { txRecord } from '../transaction-store.contract';
import { COUNT_BUCKET_MS } from './record-counts';
import { IndexedDbTransactionStore } from './transactions.indexeddb';

const BUCKET = COUNT_BUCKET_MS;
const T0 = 1_700_000_000_000 - (1_700_000_000_000 % BUCKET);
const statuses: TransactionStatus[] = ['pending', 'free', 'paid', 'error'];
const open: IndexedDbTransactionStore[] = [];

afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(open.splice(0).map((s) => s.close()));
});

function makeStore(maxRecords?: number) {
  const store = new IndexedDbTransactionStore({ indexedDB: new IDBFactory(), IDBKeyRange, channelName: null, maxRecords });
  open.push(store);
  return store;
}

/** 600 records 2 minutes apart: 120 buckets of 5 records, some without a vendor. */
const records: TransactionRecord[] = Array.from({ length: 600 }, (_, i) =>
  txRecord(`r${String(i).padStart(3, '0')}`, T0 + i * 2 * 60_000 + (i % 3), {
    status: statuses[i % 4]!,
    ...(i % 9 === 8 ? {} : { channelId: `ch${i % 5}` }),
  }),
);
const span = records.length * 2 * 60_000;

const filterArb: fc.Arbitrary<TransactionFilter> = fc.record(
  {
    status: fc.constantFrom(...statuses),
    channelId: fc.constantFrom('ch0', 'ch3', 'none'),
    since: fc.integer({ min: -BUCKET, max: span }).map((t) => T0 + t),
    until: fc.integer({ min: 0, max: span + BUCKET }).map((t) => T0 + t),
  },
  { requiredKeys: [] },
);

async function expectTotals(store: IndexedDbTransactionStore, kept: TransactionRecord[]): Promise<void> {
  await fc.assert(
    fc.asyncProperty(filterArb, async (filter) => {
      const page = await store.list(filter, { offset: 3, limit: 2 });
      expect(page.total).toBe(kept.filter((r) => matchesFilter(r, filter)).length);
    }),
    { numRuns: 60 },
  );
}

describe('record counts', () => {
  it('give exact totals for status, vendor and time ranges over many buckets', async () => {
    const store = makeStore();
    await store.createMany(records);
    await expectTotals(store, records);
  });

  it('follow updates that move a record to another status, vendor or bucket', async () => {
    const store = makeStore();
    await store.createMany(records);
    const kept = records.map((r) => ({ ...r }));
    for (let i = 0; i < 40; i++) {
      const changes: Partial<TransactionRecord> = { status: statuses[(i + 1) % 4]!, channelId: 'ch3', timestamp: T0 + i * BUCKET + 5 };
      await store.update(kept[i * 13]!.clientTxRef, changes);
      Object.assign(kept[i * 13]!, changes);
    }
    await expectTotals(store, kept);
  });

  it('drop what the size cap evicts, and restart from zero after clear()', async () => {
    const store = makeStore(450);
    await store.createMany(records.slice(0, 400));
    for (const record of records.slice(400)) await store.create(record);
    await expectTotals(store, records.slice(150));
    await store.clear();
    expect((await store.list({ status: 'paid', since: T0 })).total).toBe(0);
    await store.create(records[5]!);
    expect((await store.list({ status: records[5]!.status, since: T0 })).total).toBe(1);
  });

  it('count() only the partial buckets at the two ends of a range', async () => {
    const store = makeStore();
    await store.createMany(records);
    const count = vi.spyOn(IDBIndex.prototype, 'count');
    const page = await store.list({ status: 'paid', since: T0 + 5 * BUCKET + 1, until: T0 + 60 * BUCKET + 1 }, { offset: 10, limit: 5 });
    expect(page.items).toHaveLength(5);
    expect(count).toHaveBeenCalledTimes(2);
  });
});
