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

/** A database exactly as version 1 of the store left it: its schema step only, its records and count. */
async function versionOneDatabase(factory: IDBFactory): Promise<void> {
  const db = await openTransactionDb(factory, 'tx', 1);
  const tx = db.transaction([TX_STORE, META_STORE], 'readwrite');
  await Promise.all([...records.map((record) => tx.objectStore(TX_STORE).add(record)), tx.objectStore(META_STORE).put(records.length, RECORD_COUNT_KEY)]);
  await tx.done;
  expect(db.version).toBe(1);
  expect([...db.transaction(TX_STORE).objectStore(TX_STORE).indexNames]).toHaveLength(4);
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
  const count = vi.spyOn(IDBIndex.prototype, 'count');
  const page = await store.list({ status: 'paid', channelId: 'ch2' }, { offset: 1, limit: 3 });
  const expected = newestFirst(records.filter((r) => r.status === 'paid' && r.channelId === 'ch2'));
  expect(page.total).toBe(expected.length);
  expect(page.items.map((r) => r.clientTxRef)).toEqual(expected.slice(1, 4));
  expect(count.mock.contexts.map((index) => (index as IDBIndex).name)).toEqual(['by_status_channelId_timestamp']);

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

it('builds a fresh database at the current version in one upgrade', async () => {
  const factory = new IDBFactory();
  await makeStore(factory).create(records[0]!);
  await open[0]!.close();
  const db = await openDb(factory);
  expect(db.version).toBe(DB_VERSION);
  expect([...db.transaction(TX_STORE).objectStore(TX_STORE).indexNames]).toHaveLength(ALL_INDICES.length);
  db.close();
});
