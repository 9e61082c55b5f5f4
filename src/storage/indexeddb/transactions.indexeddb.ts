import { unwrap } from 'idb';
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
import { readPage } from './page-query';
import { inTransaction } from './run-transaction';
import { CountChanges } from './record-counts';
import { COUNTS_STORE, DEFAULT_DB_NAME, META_STORE, RECORD_COUNT_KEY, TX_STORE } from './schema';
import { applySizeCap } from './size-cap';

export interface IndexedDbTransactionStoreOptions extends TransactionEventHubOptions {
  /**
   * Default: globalThis.indexedDB. Tests pass a fresh fake-indexeddb IDBFactory, with
   * fake-indexeddb's classes installed as globals (`import 'fake-indexeddb/auto'`), which idb needs.
   */
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
    // idb tells its requests, cursors and transactions apart by the global classes.
    if (typeof globalThis.IDBRequest === 'undefined') {
      throw new TransactionStoreError('invalid_config', "IndexedDB's classes are not globals here (in Node: import 'fake-indexeddb/auto')");
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
    const evicted = await this.db.run((db) =>
      inTransaction(db, [TX_STORE, META_STORE, COUNTS_STORE], 'readwrite', async (tx) => {
        // Plain requests (idb's `unwrap`), every one queued before the first await: they run in
        // order, so the cap's eviction cursor sees the new records, and a batch of 10,000 pays no
        // promise per record.
        const store = unwrap(tx.objectStore(TX_STORE));
        const counts = new CountChanges();
        let failure: unknown;
        for (const record of records) {
          counts.add(record);
          const request = store.add(record);
          request.onerror = (event) => {
            event.preventDefault();
            failure ??= request.error?.name === 'ConstraintError' ? new DuplicateTransactionError(record.clientTxRef) : request.error;
          };
        }
        const evictedRefs = await applySizeCap(tx, records.length, this.maxRecords, counts);
        // The count is read after every add has run: a failed one aborts the whole batch.
        if (failure !== undefined) throw failure;
        counts.write(unwrap(tx.objectStore(COUNTS_STORE)));
        return evictedRefs;
      }),
    );
    const events: TransactionEvent[] = [];
    for (const record of records) {
      // Structured clone, like the copy IndexedDB stored: listeners never share the caller's object.
      if (!evicted.has(record.clientTxRef)) events.push({ type: 'created', record: structuredClone(record) });
    }
    this.hub.emit(events);
  }

  async update(clientTxRef: string, updates: Partial<TransactionRecord>): Promise<void> {
    // Read and write in one readwrite transaction, so concurrent updates of other fields survive.
    const merged = await this.db.run((db) =>
      inTransaction(db, [TX_STORE, COUNTS_STORE], 'readwrite', async (tx) => {
        const store = tx.objectStore(TX_STORE);
        const existing = await store.get(clientTxRef);
        if (!existing) throw new TransactionNotFoundError(clientTxRef);
        const result = applyUpdates(existing, updates);
        // Plain requests, like the size cap's writes: a failure aborts the transaction and `done` reports it.
        unwrap(store).put(result);
        const counts = new CountChanges();
        counts.add(existing, -1);
        counts.add(result);
        counts.write(unwrap(tx.objectStore(COUNTS_STORE)));
        return result;
      }),
    );
    this.hub.emit([{ type: 'updated', record: merged }]);
  }

  async get(clientTxRef: string): Promise<TransactionRecord | null> {
    return this.db.run(async (db) => (await db.get(TX_STORE, clientTxRef)) ?? null);
  }

  async list(filter?: TransactionFilter, pagination?: Pagination): Promise<TransactionPage> {
    const q = normalizeQuery(filter, pagination);
    return this.db.run((db) =>
      inTransaction(db, [TX_STORE, META_STORE, COUNTS_STORE], 'readonly', (tx) => readPage(tx, q, this.KeyRange)),
    );
  }

  async clear(): Promise<void> {
    await this.db.run((db) =>
      inTransaction(db, [TX_STORE, META_STORE, COUNTS_STORE], 'readwrite', async (tx) => {
        await Promise.all([
          tx.objectStore(TX_STORE).clear(),
          tx.objectStore(META_STORE).put(0, RECORD_COUNT_KEY),
          tx.objectStore(COUNTS_STORE).clear(),
        ]);
      }),
    );
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
