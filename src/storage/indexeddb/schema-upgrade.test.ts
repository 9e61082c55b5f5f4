/** Upgrading a database written by an earlier version of the extension keeps every record. */
import 'fake-indexeddb/auto';
import { IDBFactory, IDBIndex, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, expect, it, vi } from 'vitest';
import type { TransactionProtocol, TransactionRecord, TransactionStatus } from '../interfaces/TransactionStore';
import { txRecord } from '../transaction-store.contract';
import { openTransactionDb } from './connection';
import { ALL_INDICES, DB_VERSION, META_STORE, RECORD_COUNT_KEY, TX_STORE } from './schema';
import { IndexedDbTransactionStore } from './transactions.indexeddb';

const T0 = 1_700_000_000_000;
const statuses: TransactionStatus[] = ['pending', 'free', 'paid', 'error'];
const protocols: TransactionProtocol[] = ['http', 'mcp', 'other'];
const open: IndexedDbTransactionStore[] = [];

afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(open.splice(0).map((s) => s.close()));
});

const records: TransactionRecord[] = Array.from({ length: 200 }, (_, i) =>
  txRecord(`r${String(i).padStart(3, '0')}`, T0 + i, {
    status: statuses[i % 4]!,
    protocol: protocols[i % 3]!,
    ...(i % 7 === 6 ? {} : { channelId: `ch${i % 5}` }),
    payment: { cost: 2n ** 70n + BigInt(i), costUsd: 0n, nonce: BigInt(i), paidAt: 'p' },
  }),
);

/** The database as it is, without upgrading it. */
function openDb(factory: IDBFactory) {
  return new Promise<IDBDatabase>((resolve, reject) => {
    const request = factory.open('tx');
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** A database exactly as version `version` (1 or 2) of the store left it: its schema steps only, its records and count. */
async function versionOneDatabase(factory: IDBFactory, version = 1): Promise<void> {
  const db = await openTransactionDb(factory, 'tx', version);
  const tx = db.transaction([TX_STORE, META_STORE], 'readwrite');
  await Promise.all([...records.map((record) => tx.objectStore(TX_STORE).add(record)), tx.objectStore(META_STORE).put(records.length, RECORD_COUNT_KEY)]);
  await tx.done;
  expect(db.version).toBe(version);
  expect([...db.transaction(TX_STORE).objectStore(TX_STORE).indexNames]).toHaveLength(version === 1 ? 4 : 7);
  db.close();
}

function makeStore(factory: IDBFactory, maxRecords?: number) {
  const store = new IndexedDbTransactionStore({ indexedDB: factory, IDBKeyRange, dbName: 'tx', channelName: null, maxRecords });
  open.push(store);
  return store;
}

const newestFirst = (list: TransactionRecord[]) => list.map((r) => r.clientTxRef).reverse();

it('adds the compound indices to a version 1 database and keeps every record', async () => {
  const factory = new IDBFactory();
  await versionOneDatabase(factory);
  const store = makeStore(factory);

  const all = await store.list({}, { limit: 1000 });
  expect(all.total).toBe(200); // the maintained count came through the upgrade
  expect(all.items.map((r) => r.clientTxRef)).toEqual(newestFirst(records));
  expect(await store.get('r123')).toEqual(records[123]);

  // The new indices were built from the existing records: a pair filter is served by one of them.
  const cursor = vi.spyOn(IDBIndex.prototype, 'openCursor');
  const page = await store.list({ status: 'paid', channelId: 'ch2' }, { offset: 1, limit: 3 });
  const expected = newestFirst(records.filter((r) => r.status === 'paid' && r.channelId === 'ch2'));
  expect(page.total).toBe(expected.length);
  expect(page.items.map((r) => r.clientTxRef)).toEqual(expected.slice(1, 4));
  expect(cursor.mock.contexts.map((index) => (index as IDBIndex).name)).toEqual(['by_status_channelId_timestamp']);

  await store.close();
  const upgraded = await openDb(factory);
  expect(upgraded.version).toBe(DB_VERSION);
  expect([...upgraded.transaction(TX_STORE).objectStore(TX_STORE).indexNames].sort()).toEqual(ALL_INDICES.map((i) => i.name).sort());
  upgraded.close();
});

it('keeps counting from the upgraded record count, so the size cap still evicts the oldest', async () => {
  const factory = new IDBFactory();
  await versionOneDatabase(factory);
  const store = makeStore(factory, 200);
  await store.create(txRecord('newest', T0 + 1_000, { status: 'paid', channelId: 'ch0', protocol: 'mcp' }));
  expect(await store.get('r000')).toBeNull();
  expect((await store.list({}, { limit: 0 })).total).toBe(200);
  const mine = await store.list({ channelId: 'ch0', protocol: 'mcp' }, { limit: 1 });
  expect(mine.items.map((r) => r.clientTxRef)).toEqual(['newest']);
  expect(mine.total).toBe(records.filter((r) => r.channelId === 'ch0' && r.protocol === 'mcp' && r.clientTxRef !== 'r000').length + 1);
});

it('counts the records of a version 2 database into the counts store, so totals need no count()', async () => {
  const factory = new IDBFactory();
  await versionOneDatabase(factory, 2);
  const store = makeStore(factory, 200);
  const count = vi.spyOn(IDBIndex.prototype, 'count');
  for (const filter of [{ status: 'paid' as const }, { channelId: 'ch2' }, { status: 'free' as const, channelId: 'ch4' }]) {
    const expected = records.filter((r) => r.status === filter.status || filter.status === undefined).filter((r) => !('channelId' in filter) || r.channelId === filter.channelId);
    expect((await store.list(filter, { limit: 1 })).total).toBe(expected.length);
  }
  expect(count).not.toHaveBeenCalled();
  // The upgraded counts keep following writes: the cap evicts r000 (pending, ch0) for a paid ch0 record.
  await store.create(txRecord('newest', T0 + 1_000, { status: 'paid', channelId: 'ch0', protocol: 'mcp' }));
  expect((await store.list({ channelId: 'ch0' }, { limit: 0 })).total).toBe(records.filter((r) => r.channelId === 'ch0').length);
  expect((await store.list({ status: 'paid' }, { limit: 0 })).total).toBe(records.filter((r) => r.status === 'paid').length + 1);
});

it('builds a fresh database at the current version in one upgrade', async () => {
  const factory = new IDBFactory();
  await makeStore(factory).create(records[0]!);
  await open[0]!.close();
  const db = await openDb(factory);
  expect(db.version).toBe(DB_VERSION);
  expect([...db.transaction(TX_STORE).objectStore(TX_STORE).indexNames]).toHaveLength(ALL_INDICES.length);
  db.close();
});
