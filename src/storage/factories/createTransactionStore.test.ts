import 'fake-indexeddb/auto';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IndexedDbTransactionStore } from '../indexeddb/transactions.indexeddb';
import { MemoryTransactionStore } from '../memory/transaction.memory';
import { txRecord } from '../transaction-store.contract';
import { createTransactionStore } from './createTransactionStore';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('createTransactionStore', () => {
  it('builds a memory store with its cap', async () => {
    const store = createTransactionStore({ persist: 'memory', maxRecords: 2 });
    expect(store).toBeInstanceOf(MemoryTransactionStore);
    await store.createMany([txRecord('a', 1), txRecord('b', 2), txRecord('c', 3)]);
    expect((await store.list()).total).toBe(2);
    await store.close();
  });

  it('builds an IndexedDB store on the injected factory', async () => {
    const indexedDB = new IDBFactory();
    const store = createTransactionStore({ persist: 'indexeddb', indexedDB, IDBKeyRange, dbName: 'f', channelName: null });
    expect(store).toBeInstanceOf(IndexedDbTransactionStore);
    await store.create(txRecord('a', 1));
    await store.close();
    const names = (await indexedDB.databases()).map((d) => d.name);
    expect(names).toEqual(['f']);
  });

  it('defaults to IndexedDB where it exists and to memory where it does not (Node)', async () => {
    const withIdb = createTransactionStore({ indexedDB: new IDBFactory(), IDBKeyRange, channelName: null });
    expect(withIdb).toBeInstanceOf(IndexedDbTransactionStore);
    await withIdb.close();
    // As in Node without fake-indexeddb: no IndexedDB.
    vi.stubGlobal('indexedDB', undefined);
    const plain = createTransactionStore();
    expect(plain).toBeInstanceOf(MemoryTransactionStore);
    await plain.close();
  });

  it('returns a custom store as is and refuses a missing one or a missing IndexedDB', async () => {
    const custom = new MemoryTransactionStore();
    expect(createTransactionStore({ persist: 'custom', store: custom })).toBe(custom);
    expect(() => createTransactionStore({ persist: 'custom' })).toThrow(expect.objectContaining({ code: 'invalid_config' }));
    vi.stubGlobal('indexedDB', undefined);
    expect(() => createTransactionStore({ persist: 'indexeddb' })).toThrow(expect.objectContaining({ code: 'invalid_config' }));
    await custom.close();
  });
});
