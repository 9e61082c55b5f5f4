import 'fake-indexeddb/auto';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { transactionStoreContract } from '../transaction-store.contract';
import { IndexedDbTransactionStore } from './transactions.indexeddb';

// A fresh IDBFactory per store: an empty, private database for every test.
transactionStoreContract(
  'indexeddb (fake-indexeddb)',
  (options) => new IndexedDbTransactionStore({ ...options, indexedDB: new IDBFactory(), IDBKeyRange, channelName: null }),
);
