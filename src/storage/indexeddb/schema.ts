import { unwrap, type DBSchema, type IDBPDatabase, type IDBPObjectStore, type IDBPTransaction, type StoreNames } from 'idb';
import { CountChanges } from './record-counts';
import type { TransactionProtocol, TransactionRecord, TransactionStatus } from '../interfaces/TransactionStore';

/**
 * Layout of the transaction database. The seed asked for single-field indices (by_status,
 * by_channelId, ...) and then filtered in JS; here the filterable fields are indexed together
 * with the timestamp, so "status = paid, vendor = X, newest first, since T" is one contiguous key
 * range that a 'prev' cursor pages through and count() sizes, without touching other records.
 * The seed's by_clientTxRef index is the primary key itself.
 */
export const DEFAULT_DB_NAME = 'voucher-wallet-transactions';

export const TX_STORE = 'transactions';
/** Holds the record count, kept in the same transactions as the writes, so the size cap needs no full count(). */
export const META_STORE = 'meta';
export const RECORD_COUNT_KEY = 'recordCount';
/** Version 3: record counts per 10 minutes and per status / vendor (see record-counts.ts). */
export const COUNTS_STORE = 'counts';
/** [kind, ...field values, 10-minute bucket or 'total']. */
export type CountKey = (string | number)[];

export interface TransactionDb extends DBSchema {
  transactions: {
    key: string;
    value: TransactionRecord;
    indexes: {
      by_timestamp: number;
      by_status_timestamp: [TransactionStatus, number];
      by_channelId_timestamp: [string, number];
      by_protocol_timestamp: [TransactionProtocol, number];
      by_status_channelId_timestamp: [TransactionStatus, string, number];
      by_channelId_protocol_timestamp: [string, TransactionProtocol, number];
      by_status_protocol_timestamp: [TransactionStatus, TransactionProtocol, number];
    };
  };
  meta: { key: typeof RECORD_COUNT_KEY; value: number };
  counts: { key: CountKey; value: number };
}

export type TransactionIndexName = keyof TransactionDb['transactions']['indexes'];

/** The fields list() filters on by equality, in the order index key paths use them. */
export type EqualityField = 'status' | 'channelId' | 'protocol';

export interface IndexSpec {
  name: TransactionIndexName;
  /** Equality fields leading the key path; the timestamp always comes last. */
  fields: readonly EqualityField[];
}

export const INDEX = {
  timestamp: { name: 'by_timestamp', fields: [] },
  status: { name: 'by_status_timestamp', fields: ['status'] },
  // Records without a channelId are simply absent from the channel indices, which is what the filter wants.
  channelId: { name: 'by_channelId_timestamp', fields: ['channelId'] },
  protocol: { name: 'by_protocol_timestamp', fields: ['protocol'] },
  // Version 2: the pairs the popup's filters combine. All three fields at once is rare enough
  // to be served from the smallest pair range, which spares every insert a fourth extra index.
  statusChannelId: { name: 'by_status_channelId_timestamp', fields: ['status', 'channelId'] },
  channelIdProtocol: { name: 'by_channelId_protocol_timestamp', fields: ['channelId', 'protocol'] },
  statusProtocol: { name: 'by_status_protocol_timestamp', fields: ['status', 'protocol'] },
} as const satisfies Record<string, IndexSpec>;

export const ALL_INDICES: readonly IndexSpec[] = Object.values(INDEX);

export type UpgradeTransaction = IDBPTransaction<TransactionDb, StoreNames<TransactionDb>[], 'versionchange'>;
type UpgradeRecordStore = IDBPObjectStore<TransactionDb, ArrayLike<StoreNames<TransactionDb>>, 'transactions', 'versionchange'>;

function createIndex(store: UpgradeRecordStore, spec: IndexSpec): void {
  store.createIndex(spec.name, spec.fields.length === 0 ? 'timestamp' : [...spec.fields, 'timestamp']);
}

/**
 * One step per version, run in order inside the versionchange transaction. A shipped step never
 * changes: a database at version n has exactly what steps 1…n made, whatever build made them.
 * createIndex() on a store that already holds records builds the index from them.
 */
export const SCHEMA_STEPS: readonly ((db: IDBPDatabase<TransactionDb>, tx: UpgradeTransaction) => void)[] = [
  // → 1: the store, the timestamp index, one [field, timestamp] index per filter, the record count.
  (db) => {
    const store = db.createObjectStore(TX_STORE, { keyPath: 'clientTxRef' });
    for (const spec of [INDEX.timestamp, INDEX.status, INDEX.channelId, INDEX.protocol]) createIndex(store, spec);
    // A failed put aborts the versionchange transaction, and with it the open: nothing to handle here.
    db.createObjectStore(META_STORE).put(0, RECORD_COUNT_KEY).catch(() => undefined);
  },
  // → 2: [field, field, timestamp] indices, so two equality filters read one range, not one in full.
  (_db, tx) => {
    const store = tx.objectStore(TX_STORE);
    for (const spec of [INDEX.statusChannelId, INDEX.channelIdProtocol, INDEX.statusProtocol]) createIndex(store, spec);
  },
  // → 3: the counts store, built from the records already there (one cursor over them, once).
  (db, tx) => {
    const counts = db.createObjectStore(COUNTS_STORE);
    const changes = new CountChanges();
    const cursor = unwrap(tx.objectStore(TX_STORE)).openCursor();
    cursor.onsuccess = () => {
      const at = cursor.result;
      if (!at) return changes.write(unwrap(counts));
      changes.add(at.value as TransactionRecord);
      at.continue();
    };
  },
];

export const DB_VERSION = SCHEMA_STEPS.length;

/** Brings a database from `oldVersion` up to `newVersion` (default: the current one). */
export function upgradeSchema(db: IDBPDatabase<TransactionDb>, tx: UpgradeTransaction, oldVersion: number, newVersion = DB_VERSION): void {
  for (let version = oldVersion; version < newVersion; version++) SCHEMA_STEPS[version]!(db, tx);
}
