import { InvalidTransactionError, TransactionStoreError } from '../errors';

export interface TransactionScope {
  tx: IDBTransaction;
  /** Aborts the transaction; the operation rejects with `error` (the first one wins). */
  fail(error: unknown): void;
}

/**
 * Runs `body` in one IndexedDB transaction. `body` queues requests with callbacks (never awaits,
 * so the transaction cannot auto-commit halfway) and returns a getter read once it has committed:
 * the promise resolves only after the data is durable as far as IndexedDB promises.
 */
export function runTransaction<T>(
  db: IDBDatabase,
  stores: string[],
  mode: IDBTransactionMode,
  body: (scope: TransactionScope) => () => T,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const tx = db.transaction(stores, mode);
    let failure: TransactionStoreError | null = null;
    let result: (() => T) | null = null;
    const scope: TransactionScope = {
      tx,
      fail(error) {
        failure ??= toStoreError(error);
        try {
          tx.abort();
        } catch {
          // Already aborting or finished: the first failure is what the caller sees.
        }
      },
    };
    tx.oncomplete = () => (result ? resolve(result()) : reject(toStoreError(new Error('transaction body did not finish'))));
    tx.onabort = () => reject(failure ?? toStoreError(tx.error ?? new Error('transaction aborted')));
    try {
      result = body(scope);
    } catch (error) {
      scope.fail(error);
    }
  });
}

export function toStoreError(error: unknown): TransactionStoreError {
  if (error instanceof TransactionStoreError) return error;
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'DataCloneError') return new InvalidTransactionError('record is not structured-cloneable', { cause: error });
  if (name === 'DataError') return new InvalidTransactionError('record has an invalid key', { cause: error });
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new TransactionStoreError('storage_failure', `IndexedDB failed: ${detail}`, { cause: error });
}
