import { TransactionStoreError } from '../errors';
import { runTransaction, toStoreError, type TransactionScope } from './run-transaction';
import { DB_VERSION, upgradeSchema } from './schema';

/**
 * One connection per store instance, opened on first use and reused (the seed opened one per
 * call). When a newer version of the extension upgrades the database from another context we
 * get `versionchange`: close at once so its upgrade is not blocked, and reopen on the next call.
 * An abnormal `close` (the browser dropped the database) also just reopens on the next call.
 */
export class TransactionDatabase {
  private connection: Promise<IDBDatabase> | null = null;
  /** The database `connection` resolved to, so forget() can act synchronously. */
  private db: IDBDatabase | null = null;
  private closed = false;

  constructor(
    private readonly factory: IDBFactory,
    private readonly name: string,
  ) {}

  run<T>(stores: string[], mode: IDBTransactionMode, body: (scope: TransactionScope) => () => T): Promise<T> {
    return this.withDb((db) => runTransaction(db, stores, mode, body)).catch((error: unknown) => {
      throw toStoreError(error);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const pending = this.connection;
    this.connection = null;
    this.db = null;
    if (pending) (await pending.catch(() => null))?.close();
  }

  private async withDb<T>(use: (db: IDBDatabase) => Promise<T>): Promise<T> {
    let db = await this.open();
    try {
      return await use(db);
    } catch (error) {
      // The connection closed between open and transaction(): reopen once and retry.
      if ((error as { name?: unknown }).name !== 'InvalidStateError') throw error;
      this.forget(db);
      db = await this.open();
      return use(db);
    }
  }

  private open(): Promise<IDBDatabase> {
    if (this.closed) return Promise.reject(new TransactionStoreError('store_closed', 'transaction store is closed'));
    if (!this.connection) {
      const opening = this.openOnce();
      this.connection = opening;
      opening.catch(() => {
        if (this.connection === opening) this.connection = null;
      });
    }
    return this.connection;
  }

  private openOnce(): Promise<IDBDatabase> {
    return new Promise((resolve, reject) => {
      let request: IDBOpenDBRequest;
      try {
        request = this.factory.open(this.name, DB_VERSION);
      } catch (error) {
        reject(toStoreError(error));
        return;
      }
      request.onupgradeneeded = (event) => upgradeSchema(request.result, request.transaction!, event.oldVersion);
      request.onsuccess = () => {
        const db = request.result;
        db.onversionchange = () => this.forget(db);
        db.onclose = () => this.forget(db);
        if (this.closed) db.close();
        else this.db = db;
        resolve(db);
      };
      request.onerror = () => reject(toStoreError(request.error ?? new Error(`could not open ${this.name}`)));
      // onblocked: an older connection elsewhere has not closed yet; the open completes when it does.
    });
  }

  private forget(db: IDBDatabase): void {
    db.close();
    if (this.db === db) {
      this.db = null;
      this.connection = null;
    }
  }
}
