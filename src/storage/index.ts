export type * from './interfaces/TransactionStore';
export * from './errors';
export { DEFAULT_INDEXEDDB_MAX_RECORDS, DEFAULT_MEMORY_MAX_RECORDS } from './config';
export { DEFAULT_CHANNEL_NAME, DEFAULT_FLUSH_DELAY_MS, TransactionEventHub, type TransactionEventHubOptions } from './events';
export { DEFAULT_PAGE_LIMIT } from './query';
export { MemoryTransactionStore, type MemoryTransactionStoreOptions } from './memory/transaction.memory';
export { IndexedDbTransactionStore, type IndexedDbTransactionStoreOptions } from './indexeddb/transactions.indexeddb';
export { DEFAULT_DB_NAME } from './indexeddb/schema';
export {
  createTransactionStore,
  type CreateTransactionStoreOptions,
  type TransactionStorePersistence,
} from './factories/createTransactionStore';
export * from './privacy';
