import { TransactionStoreError } from '../errors';
import type { TransactionScope } from './run-transaction';
import { INDEX, META_STORE, RECORD_COUNT_KEY, TX_STORE } from './schema';

/**
 * Adds `added` to the stored record count and, beyond `maxRecords`, deletes the oldest records
 * (timestamp ascending, ties by clientTxRef) in the same transaction as the write that grew the
 * store. A key cursor finds them without reading their values. Returns the evicted refs.
 */
export function queueSizeCap(scope: TransactionScope, added: number, maxRecords: number): Set<string> {
  const evicted = new Set<string>();
  const store = scope.tx.objectStore(TX_STORE);
  const meta = scope.tx.objectStore(META_STORE);
  const read = meta.get(RECORD_COUNT_KEY);
  read.onsuccess = () => {
    const stored = read.result;
    if (typeof stored !== 'number') {
      scope.fail(new TransactionStoreError('storage_failure', 'transaction database has no record count'));
      return;
    }
    const count = stored + added;
    let excess = count - maxRecords;
    if (excess <= 0) {
      meta.put(count, RECORD_COUNT_KEY);
      return;
    }
    const cursorRequest = store.index(INDEX.timestamp.name).openKeyCursor(null, 'next');
    cursorRequest.onsuccess = () => {
      const cursor = cursorRequest.result;
      if (cursor && excess > 0) {
        store.delete(cursor.primaryKey);
        evicted.add(cursor.primaryKey as string);
        excess--;
        cursor.continue();
      } else {
        meta.put(count - evicted.size, RECORD_COUNT_KEY);
      }
    };
  };
  return evicted;
}
