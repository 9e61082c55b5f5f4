import { wrap, type IDBPDatabase } from 'idb';
import { TransactionStoreError } from '../errors';
import { toStoreError } from './run-transaction';
import { DB_VERSION, upgradeSchema, type TransactionDb, type UpgradeTransaction } from './schema';

/**
 * Opens the transaction database with `factory` (idb's openDB always takes the global one; tests
 * and the bench pass a fresh fake-indexeddb factory), upgrading it step by step to `version`.
 */
export function openTransactionDb(factory: IDBFactory, name: string, version = DB_VERSION): Promise<IDBPDatabase<TransactionDb>> {
  const request = factory.open(name, version);
  request.addEventListener('upgradeneeded', (event) => {
    const db = wrap(request.result) as IDBPDatabase<TransactionDb>;
    upgradeSchema(db, wrap(request.transaction!) as unknown as UpgradeTransaction, event.oldVersion, event.newVersion ?? version);
  });
  // 'blocked': an older connection elsewhere has not closed yet; the open completes when it does.
  return wrap(request) as Promise<IDBPDatabase<TransactionDb>>;
}

/**
 * One connection per store instance, opened on first use and reused. When a newer version of
 * the extension upgrades the database from another context we get `versionchange`: close at once
 * so its upgrade is not blocked, and reopen on the next call. An abnormal `close` (the browser
 * dropped the database) also just reopens on the next call.
 */
export class TransactionDatabase {
  private connection: Promise<IDBPDatabase<TransactionDb>> | null = null;
  /** The database `connection` resolved to, so forget() can act synchronously. */
  private db: IDBPDatabase<TransactionDb> | null = null;
  private closed = false;

  constructor(
    private readonly factory: IDBFactory,
    private readonly name: string,
  ) {}

  /** Runs `use` on the open connection; every failure comes out as a TransactionStoreError. */
  run<T>(use: (db: IDBPDatabase<TransactionDb>) => Promise<T>): Promise<T> {
    return this.withDb(use).catch((error: unknown) => {
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

  private async withDb<T>(use: (db: IDBPDatabase<TransactionDb>) => Promise<T>): Promise<T> {
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

  private open(): Promise<IDBPDatabase<TransactionDb>> {
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

  private async openOnce(): Promise<IDBPDatabase<TransactionDb>> {
    let db: IDBPDatabase<TransactionDb>;
    try {
      db = await openTransactionDb(this.factory, this.name);
    } catch (error) {
      throw toStoreError(error ?? new Error(`could not open ${this.name}`));
    }
    db.addEventListener('versionchange', () => this.forget(db));
    db.addEventListener('close', () => this.forget(db));
    if (this.closed) db.close();
    else this.db = db;
    return db;
  }

  private forget(db: IDBPDatabase<TransactionDb>): void {
    db.close();
    if (this.db === db) {
      this.db = null;
      this.connection = null;
    }
  }
}
