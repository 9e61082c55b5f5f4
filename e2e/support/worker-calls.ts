import { evaluateIn, type AnyPage } from './evaluate';
import { TRANSACTIONS_DB_NAME } from '../../src/messaging/names';
import type { PopupInput, PopupOutput, PopupRequestType } from '../../src/messaging/popup-api';
import type { Reply } from '../../src/messaging/reply';
import { fromWire, toWire } from '../../src/lib/bigint-wire';
import type { TransactionRecord } from '../../src/storage/interfaces/TransactionStore';

/**
 * What the popup's sendToWorker does, from any extension page: for setup steps and for reading
 * the worker's view in asserts. Scenarios about the popup itself use its UI instead.
 */
export async function callWorker<T extends PopupRequestType>(
  extensionPage: AnyPage,
  type: T,
  input: PopupInput<T>,
): Promise<PopupOutput<T>> {
  const wire = toWire({ channel: 'popup', type, input });
  // `chrome` is there in Firefox's extension pages too (its alias of `browser`).
  const reply = fromWire(await evaluateIn(extensionPage, (message) => chrome.runtime.sendMessage(message), wire)) as
    | Reply<PopupOutput<T>>
    | undefined;
  if (!reply) throw new Error(`${type}: no reply`);
  if (!reply.ok) throw new Error(`${type}: ${reply.code}: ${reply.message}`);
  return reply.value;
}

/**
 * Every transaction record, read straight from the extension's IndexedDB (the same database the
 * worker writes and the popup reads). A database that does not exist yet is not created here: an
 * empty version-1 database would keep the store from ever running its schema upgrade.
 */
export async function readRecords(extensionPage: AnyPage): Promise<TransactionRecord[]> {
  const json = await evaluateIn(extensionPage, async (dbName: string) => {
    const db = await new Promise<IDBDatabase | null>((resolve, reject) => {
      const open = indexedDB.open(dbName);
      open.onupgradeneeded = () => open.transaction!.abort();
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => (open.error?.name === 'AbortError' ? resolve(null) : reject(open.error));
    });
    if (!db) return '[]';
    const all = await new Promise<unknown[]>((resolve, reject) => {
      const request = db.transaction('transactions').objectStore('transactions').getAll();
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    db.close();
    return JSON.stringify(all, (_key, value) => (typeof value === 'bigint' ? { $bigint: value.toString() } : value));
  }, TRANSACTIONS_DB_NAME);
  return fromWire(JSON.parse(json)) as TransactionRecord[];
}
