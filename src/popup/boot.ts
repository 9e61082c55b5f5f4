import { TRANSACTIONS_CHANNEL_NAME, TRANSACTIONS_DB_NAME } from '../messaging/names';
import { createTransactionStore } from '../storage';
import { startPopupReads } from './startup';

/**
 * Evaluated before React (main.tsx imports it first), so the popup's first reads are in flight
 * while React loads and renders. The popup is an extension page of the worker's origin: it reads
 * the same IndexedDB history directly and hears the worker's writes over the store's
 * BroadcastChannel.
 */
export const transactions = createTransactionStore({
  persist: 'indexeddb',
  dbName: TRANSACTIONS_DB_NAME,
  channelName: TRANSACTIONS_CHANNEL_NAME,
});

export const startup = startPopupReads(transactions, window.location.hash);
