import { checkMaxRecords, DEFAULT_INDEXEDDB_MAX_RECORDS } from '../config';
import { DuplicateTransactionError, TransactionNotFoundError, TransactionStoreError } from '../errors';
import { TransactionEventHub, type TransactionEventHubOptions } from '../events';
import type {
  Pagination,
  TransactionEvent,
  TransactionFilter,
  TransactionPage,
  TransactionRecord,
  TransactionStore,
} from '../interfaces/TransactionStore';
import { normalizeQuery } from '../query';
import { applyUpdates, assertValidRecord } from '../record';
import { TransactionDatabase } from './connection';
import { queuePageRead } from './page-query';
import { DEFAULT_DB_NAME, META_STORE, RECORD_COUNT_KEY, TX_STORE } from './schema';
import { queueSizeCap } from './size-cap';

export interface IndexedDbTransactionStoreOptions extends TransactionEventHubOptions {
  /** Default: globalThis.indexedDB. Tests pass a fresh fake-indexeddb IDBFactory. */
  indexedDB?: IDBFactory;
  /** Must come from the same implementation as `indexedDB`; default: globalThis.IDBKeyRange. */
  IDBKeyRange?: typeof IDBKeyRange;
  /** Default 'voucher-wallet-transactions'. */
  dbName?: string;
  /** Oldest records (by timestamp) are evicted beyond this; default 10,000. */
  maxRecords?: number;
}

/**
 * Persistent store: one connection, one transaction per operation (update reads and writes in
 * the same readwrite transaction, so concurrent updates of different fields all survive), paged
 * reads over [field, timestamp] indices, a size cap enforced inside each insert. Events go to
 * other contexts over a BroadcastChannel named after the database unless `channelName` says
 * otherwise (null: none).
 */
export class IndexedDbTransactionStore implements TransactionStore {
  private readonly db: TransactionDatabase;
  private readonly KeyRange: typeof IDBKeyRange;
  private readonly maxRecords: number;
  private readonly hub: TransactionEventHub;

  constructor(options: IndexedDbTransactionStoreOptions = {}) {
    const factory = options.indexedDB ?? globalThis.indexedDB;
    const KeyRange = options.IDBKeyRange ?? globalThis.IDBKeyRange;
    if (!factory || !KeyRange) {
      throw new TransactionStoreError('invalid_config', 'IndexedDB is not available in this context');
    }
    const dbName = options.dbName ?? DEFAULT_DB_NAME;
    this.db = new TransactionDatabase(factory, dbName);
    this.KeyRange = KeyRange;
    this.maxRecords = checkMaxRecords(options.maxRecords, DEFAULT_INDEXEDDB_MAX_RECORDS);
    this.hub = new TransactionEventHub({
      ...options,
      channelName: options.channelName === undefined ? dbName : options.channelName,
    });
  }

  create(record: TransactionRecord): Promise<void> {
    return this.createMany([record]);
  }

  async createMany(records: readonly TransactionRecord[]): Promise<void> {
    const seen = new Set<string>();
    for (const r of records) {
      assertValidRecord(r);
      if (seen.has(r.clientTxRef)) throw new DuplicateTransactionError(r.clientTxRef);
      seen.add(r.clientTxRef);
    }
    if (records.length === 0) return;
    const evicted = await this.db.run([TX_STORE, META_STORE], 'readwrite', (scope) => {
      const store = scope.tx.objectStore(TX_STORE);
      for (const record of records) {
        const request = store.add(record);
        request.onerror = (event) => {
          event.preventDefault();
          const duplicate = request.error?.name === 'ConstraintError';
          scope.fail(duplicate ? new DuplicateTransactionError(record.clientTxRef) : request.error);
        };
      }
      const evictedRefs = queueSizeCap(scope, records.length, this.maxRecords);
      return () => evictedRefs;
    });
    const events: TransactionEvent[] = [];
    for (const record of records) {
      // Structured clone, like the copy IndexedDB stored: listeners never share the caller's object.
      if (!evicted.has(record.clientTxRef)) events.push({ type: 'created', record: structuredClone(record) });
    }
    this.hub.emit(events);
  }

  async update(clientTxRef: string, updates: Partial<TransactionRecord>): Promise<void> {
    const merged = await this.db.run([TX_STORE], 'readwrite', (scope) => {
      const store = scope.tx.objectStore(TX_STORE);
      let result: TransactionRecord | null = null;
      const read = store.get(clientTxRef);
      read.onsuccess = () => {
        const existing = read.result as TransactionRecord | undefined;
        if (!existing) return scope.fail(new TransactionNotFoundError(clientTxRef));
        try {
          result = applyUpdates(existing, updates);
          store.put(result);
        } catch (error) {
          scope.fail(error);
        }
      };
      return () => result!;
    });
    this.hub.emit([{ type: 'updated', record: merged }]);
  }

  async get(clientTxRef: string): Promise<TransactionRecord | null> {
    return this.db.run([TX_STORE], 'readonly', (scope) => {
      const request = scope.tx.objectStore(TX_STORE).get(clientTxRef);
      return () => (request.result as TransactionRecord | undefined) ?? null;
    });
  }

  async list(filter?: TransactionFilter, pagination?: Pagination): Promise<TransactionPage> {
    const q = normalizeQuery(filter, pagination);
    return this.db.run([TX_STORE, META_STORE], 'readonly', (scope) => queuePageRead(scope, q, this.KeyRange));
  }

  async clear(): Promise<void> {
    await this.db.run([TX_STORE, META_STORE], 'readwrite', (scope) => {
      scope.tx.objectStore(TX_STORE).clear();
      scope.tx.objectStore(META_STORE).put(0, RECORD_COUNT_KEY);
      return () => undefined;
    });
    this.hub.emit([{ type: 'cleared' }]);
  }

  subscribe(cb: (event: TransactionEvent) => void): () => void {
    return this.hub.subscribe(cb);
  }

  async close(): Promise<void> {
    this.hub.close();
    await this.db.close();
  }
}
