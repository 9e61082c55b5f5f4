import { unwrap, type IDBPTransaction } from 'idb';
import { TransactionStoreError } from '../errors';
import type { TransactionRecord } from '../interfaces/TransactionStore';
import type { CountChanges } from './record-counts';
import { INDEX, META_STORE, RECORD_COUNT_KEY, TX_STORE, type TransactionDb } from './schema';

type WriteTransaction = IDBPTransaction<TransactionDb, ['transactions', 'meta', 'counts'], 'readwrite'>;

/**
 * Adds `added` to the stored record count and, beyond `maxRecords`, deletes the oldest records
 * (timestamp ascending, ties by clientTxRef) in the same transaction as the write that grew the
 * store, taking them off `counts`. Returns the evicted refs.
 */
export async function applySizeCap(tx: WriteTransaction, added: number, maxRecords: number, counts: CountChanges): Promise<Set<string>> {
  const evicted = new Set<string>();
  const meta = tx.objectStore(META_STORE);
  const stored = await meta.get(RECORD_COUNT_KEY);
  // Writes whose result nobody reads go out as plain requests: a failed one aborts the
  // transaction, which its `done` reports, and a batch pays no promise per deleted record.
  if (typeof stored !== 'number') throw new TransactionStoreError('storage_failure', 'transaction database has no record count');
  const count = stored + added;
  let excess = count - maxRecords;
  if (excess > 0) {
    const store = tx.objectStore(TX_STORE);
    // A value cursor: the counts need each evicted record's status, vendor and time.
    let cursor = await store.index(INDEX.timestamp.name).openCursor(null, 'next');
    while (cursor && excess > 0) {
      unwrap(store).delete(cursor.primaryKey);
      evicted.add(cursor.primaryKey);
      counts.add(cursor.value as TransactionRecord, -1);
      excess--;
      cursor = await cursor.continue();
    }
  }
  unwrap(meta).put(count - evicted.size, RECORD_COUNT_KEY);
  return evicted;
}
