import { TransactionStoreError } from '../errors';
import type { TransactionEventHubOptions } from '../events';
import { IndexedDbTransactionStore } from '../indexeddb/transactions.indexeddb';
import type { TransactionStore } from '../interfaces/TransactionStore';
import { MemoryTransactionStore } from '../memory/transaction.memory';

export type TransactionStorePersistence = 'memory' | 'indexeddb' | 'custom';

export interface CreateTransactionStoreOptions extends TransactionEventHubOptions {
  /** Default: 'indexeddb' where IndexedDB exists (browser, worker), else 'memory'. */
  persist?: TransactionStorePersistence;
  /** Default 500 in memory, 10,000 in IndexedDB. */
  maxRecords?: number;
  /** Required with persist 'custom', returned as is. */
  store?: TransactionStore;
  dbName?: string;
  indexedDB?: IDBFactory;
  IDBKeyRange?: typeof IDBKeyRange;
}

/**
 * Picks the store for a context. An explicit 'indexeddb' where IndexedDB is missing is a
 * configuration error rather than a silent fallback to memory: the caller asked for persistence.
 */
export function createTransactionStore(options: CreateTransactionStoreOptions = {}): TransactionStore {
  const hasIndexedDb = (options.indexedDB ?? globalThis.indexedDB) !== undefined;
  const persist = options.persist ?? (hasIndexedDb ? 'indexeddb' : 'memory');
  switch (persist) {
    case 'memory':
      return new MemoryTransactionStore(options);
    case 'indexeddb':
      return new IndexedDbTransactionStore(options);
    case 'custom':
      if (!options.store) {
        throw new TransactionStoreError('invalid_config', "persist 'custom' needs a store");
      }
      return options.store;
    default:
      throw new TransactionStoreError('invalid_config', `unknown persist mode ${JSON.stringify(persist)}`);
  }
}
