/**
 * Layout of the transaction database. The seed asked for single-field indices (by_status,
 * by_channelId, ...) and then filtered in JS; here each filterable field is indexed together
 * with the timestamp, so "status = paid, newest first, since T" is one contiguous key range
 * that a 'prev' cursor pages through and count() sizes, without touching other records.
 * The seed's by_clientTxRef index is the primary key itself.
 */
export const DEFAULT_DB_NAME = 'voucher-wallet-transactions';
export const DB_VERSION = 1;

export const TX_STORE = 'transactions';
/** Holds the record count, kept in the same transactions as the writes, so the size cap needs no full count(). */
export const META_STORE = 'meta';
export const RECORD_COUNT_KEY = 'recordCount';

export const INDEX = {
  timestamp: 'by_timestamp',
  status: 'by_status_timestamp',
  channelId: 'by_channelId_timestamp',
  protocol: 'by_protocol_timestamp',
} as const;

export function upgradeSchema(db: IDBDatabase, oldVersion: number): void {
  if (oldVersion < 1) {
    const store = db.createObjectStore(TX_STORE, { keyPath: 'clientTxRef' });
    store.createIndex(INDEX.timestamp, 'timestamp');
    store.createIndex(INDEX.status, ['status', 'timestamp']);
    // Records without a channelId are simply absent from this index, which is what the filter wants.
    store.createIndex(INDEX.channelId, ['channelId', 'timestamp']);
    store.createIndex(INDEX.protocol, ['protocol', 'timestamp']);
    db.createObjectStore(META_STORE).put(0, RECORD_COUNT_KEY);
  }
}
