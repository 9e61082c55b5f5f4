import type { IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import { InvalidTransactionError, TransactionStoreError } from '../errors';
import type { TransactionDb } from './schema';

type Stores = StoreNames<TransactionDb>[];

/**
 * Runs `body` in one transaction and resolves once it has committed (the data is as durable as
 * IndexedDB promises). `body` awaits only this transaction's requests, never anything else, so
 * the transaction cannot auto-commit halfway; a throw aborts it and nothing of it is written.
 */
export async function inTransaction<S extends Stores, Mode extends IDBTransactionMode, T>(
  db: IDBPDatabase<TransactionDb>,
  stores: S,
  mode: Mode,
  body: (tx: IDBPTransaction<TransactionDb, S, Mode>) => Promise<T>,
): Promise<T> {
  const tx = db.transaction(stores, mode);
  // idb's `done` rejects on the first request error, even one that `body` is about to report
  // itself: mark it handled now, and await it below.
  const done = tx.done;
  done.catch(() => undefined);
  try {
    const result = await body(tx);
    await done;
    return result;
  } catch (error) {
    try {
      tx.abort();
    } catch {
      // Already aborting or finished: the first failure is what the caller sees.
    }
    await done.catch(() => undefined);
    throw toStoreError(error);
  }
}

export function toStoreError(error: unknown): TransactionStoreError {
  if (error instanceof TransactionStoreError) return error;
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'DataCloneError') return new InvalidTransactionError('record is not structured-cloneable', { cause: error });
  if (name === 'DataError') return new InvalidTransactionError('record has an invalid key', { cause: error });
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new TransactionStoreError('storage_failure', `IndexedDB failed: ${detail}`, { cause: error });
}
