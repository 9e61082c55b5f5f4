/** IndexedDB-only behaviour: reads go through indices, one reused connection, version changes, size cap default. */
import 'fake-indexeddb/auto';
import { IDBFactory, IDBIndex, IDBKeyRange, IDBObjectStore, forceCloseDatabase } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TransactionProtocol, TransactionRecord, TransactionStatus } from '../interfaces/TransactionStore';
import { txRecord } from '../transaction-store.contract';
import { DB_VERSION } from './schema';
import { IndexedDbTransactionStore } from './transactions.indexeddb';

const T0 = 1_700_000_000_000;
const statuses: TransactionStatus[] = ['pending', 'free', 'paid', 'error'];
const protocols: TransactionProtocol[] = ['http', 'mcp', 'other'];
const open: IndexedDbTransactionStore[] = [];

function makeStore(indexedDB = new IDBFactory(), maxRecords?: number) {
  const store = new IndexedDbTransactionStore({ indexedDB, IDBKeyRange, channelName: null, dbName: 'tx', maxRecords });
  open.push(store);
  return store;
}

/** Records the connections a factory hands out, so a test can drop one as the browser would. */
function trackConnections(factory: IDBFactory) {
  const connections: IDBDatabase[] = [];
  const realOpen = factory.open.bind(factory);
  const openSpy = vi.spyOn(factory, 'open').mockImplementation((name, version) => {
    const request = realOpen(name, version);
    request.addEventListener('success', () => connections.push(request.result));
    return request;
  });
  return { connections, openSpy };
}

const dataset = (n: number): TransactionRecord[] =>
  Array.from({ length: n }, (_, i) =>
    txRecord(`r${String(i).padStart(5, '0')}`, T0 + i, {
      status: statuses[i % 4]!,
      channelId: `ch${i % 10}`,
      protocol: protocols[i % 3]!,
    }),
  );

afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(open.splice(0).map((s) => s.close()));
});

describe('IndexedDbTransactionStore reads', () => {
  /**
   * Which reads a list() makes. Cursor positions are counted from the cursor request's success
   * events: spying on IDBCursor's continue/advance would hide them from idb, which recognises
   * those methods by identity.
   */
  function spyReads() {
    const cursorPositions = { count: 0 };
    const openCursor = IDBIndex.prototype.openCursor;
    return {
      cursorPositions,
      indexCursor: vi.spyOn(IDBIndex.prototype, 'openCursor').mockImplementation(function (this: IDBIndex, ...args) {
        const request = openCursor.apply(this, args);
        request.addEventListener('success', () => {
          if (request.result) cursorPositions.count++;
        });
        return request;
      }),
      indexCount: vi.spyOn(IDBIndex.prototype, 'count'),
      storeCursor: vi.spyOn(IDBObjectStore.prototype, 'openCursor'),
      storeGetAll: vi.spyOn(IDBObjectStore.prototype, 'getAll'),
      indexGetAll: vi.spyOn(IDBIndex.prototype, 'getAll'),
    };
  }
  const indexNames = (spy: { mock: { contexts: unknown[] } }) => spy.mock.contexts.map((index) => (index as IDBIndex).name);

  // count(): none where the maintained counts answer (no filter, status, vendor, both, whole
  // buckets); the partial bucket of a time range (this one lies in one); any range with a protocol.
  it.each([
    ['no filter', {}, 'by_timestamp', []],
    ['one filter', { status: 'paid' as const }, 'by_status_timestamp', []],
    ['one filter and a time range', { channelId: 'ch3', since: T0 + 100, until: T0 + 900 }, 'by_channelId_timestamp', ['by_channelId_timestamp']],
    ['status and vendor', { status: 'paid' as const, channelId: 'ch2' }, 'by_status_channelId_timestamp', []],
    ['vendor and protocol, time range', { channelId: 'ch1', protocol: 'mcp' as const, since: T0 + 10 }, 'by_channelId_protocol_timestamp', ['by_channelId_protocol_timestamp']],
    ['status and protocol', { status: 'free' as const, protocol: 'http' as const, until: T0 + 990 }, 'by_status_protocol_timestamp', ['by_status_protocol_timestamp']],
  ])('%s: a page reads only its own records, through %s', async (_label, filter, index, counted) => {
    const store = makeStore();
    await store.createMany(dataset(1000));
    const spies = spyReads();
    const page = await store.list(filter, { offset: 2, limit: 5 });
    expect(page.items).toHaveLength(5);
    // Opened, one jump past the offset of 2, four steps to the fifth record: never a step per skipped record.
    expect(spies.cursorPositions.count).toBe(6);
    expect(indexNames(spies.indexCursor)).toEqual([index]);
    expect(indexNames(spies.indexCount)).toEqual(counted);
    expect(spies.storeCursor).not.toHaveBeenCalled();
    expect(spies.storeGetAll).not.toHaveBeenCalled();
    expect(spies.indexGetAll).not.toHaveBeenCalled();
  });

  it('pages status + vendor from its compound index with the exact total', async () => {
    const store = makeStore();
    await store.createMany(dataset(1000));
    // i % 4 === 2 and i % 10 === 2: i ≡ 2 (mod 20) → 50 records
    const page = await store.list({ status: 'paid', channelId: 'ch2' }, { offset: 45, limit: 10 });
    expect(page.total).toBe(50);
    expect(page.hasMore).toBe(false);
    expect(page.items.map((r) => r.clientTxRef)).toEqual(['r00082', 'r00062', 'r00042', 'r00022', 'r00002']);
  });

  it('with status, vendor and protocol reads only the smallest pair range', async () => {
    const store = makeStore();
    await store.createMany(dataset(1000));
    const spies = spyReads();
    // paid∧ch2: 50, ch2∧mcp (i ≡ 22 mod 30): 33, paid∧mcp (i ≡ 10 mod 12): 83; all three: i ≡ 22 (mod 60) → 17
    const page = await store.list({ status: 'paid', channelId: 'ch2', protocol: 'mcp' }, { limit: 3 });
    expect(page.total).toBe(17);
    expect(page.items.map((r) => r.clientTxRef)).toEqual(['r00982', 'r00922', 'r00862']);
    expect(indexNames(spies.indexCount).sort()).toEqual([
      'by_channelId_protocol_timestamp',
      'by_status_channelId_timestamp',
      'by_status_protocol_timestamp',
    ]);
    expect(indexNames(spies.indexGetAll)).toEqual(['by_channelId_protocol_timestamp']);
    expect(spies.indexCursor).not.toHaveBeenCalled();
    expect(spies.storeCursor).not.toHaveBeenCalled();
    expect(spies.storeGetAll).not.toHaveBeenCalled();
  });
});

describe('IndexedDbTransactionStore connection', () => {
  it('opens the database once and reuses the connection', async () => {
    const factory = new IDBFactory();
    const { openSpy } = trackConnections(factory);
    const store = makeStore(factory);
    await Promise.all([store.create(txRecord('a', T0)), store.get('a'), store.list()]);
    await store.update('a', { status: 'paid' });
    await store.list({ status: 'paid' });
    expect(openSpy).toHaveBeenCalledTimes(1);
  });

  it('reopens transparently after the browser drops the connection', async () => {
    const factory = new IDBFactory();
    const { connections, openSpy } = trackConnections(factory);
    const store = makeStore(factory);
    await store.create(txRecord('a', T0));
    forceCloseDatabase(connections[0]! as never);
    await store.update('a', { status: 'paid' });
    expect(await store.get('a')).toMatchObject({ status: 'paid' });
    expect(openSpy).toHaveBeenCalledTimes(2);
  });

  it('steps aside for a newer version opened elsewhere, then fails with a typed error', async () => {
    const factory = new IDBFactory();
    const store = makeStore(factory);
    await store.create(txRecord('a', T0));
    const upgraded = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = factory.open('tx', DB_VERSION + 1);
      request.onblocked = () => reject(new Error('upgrade blocked by our open connection'));
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    expect(upgraded.version).toBe(DB_VERSION + 1);
    await expect(store.get('a')).rejects.toMatchObject({ code: 'storage_failure' });
    upgraded.close();
  });

  it('keeps data across store instances on one database', async () => {
    const factory = new IDBFactory();
    const first = makeStore(factory);
    await first.create(txRecord('kept', T0, { payment: { cost: 3n, costUsd: 0n, nonce: 9n, paidAt: 'p' } }));
    await first.close();
    expect(await makeStore(factory).get('kept')).toMatchObject({ payment: { cost: 3n, nonce: 9n } });
  });

  it('keeps every field of concurrent updates made through two connections', async () => {
    const factory = new IDBFactory();
    const [a, b] = [makeStore(factory), makeStore(factory)];
    await a.create(txRecord('shared', T0));
    const updates = Array.from({ length: 40 }, (_, i) => ({ [`note${i}`]: i }) as Partial<TransactionRecord>);
    await Promise.all(updates.map((u, i) => (i % 2 ? a : b).update('shared', u)));
    const got = await a.get('shared');
    for (const u of updates) expect(got).toMatchObject(u);
  });
});

describe('IndexedDbTransactionStore size cap', () => {
  it('keeps 10,000 records by default, evicting the oldest', async () => {
    const store = makeStore();
    await store.createMany(dataset(10_005));
    const tail = await store.list({}, { offset: 9_999, limit: 10 });
    expect(tail.total).toBe(10_000);
    expect(tail.items.map((r) => r.clientTxRef)).toEqual(['r00005']);
    expect(await store.get('r00004')).toBeNull();
  });
});
