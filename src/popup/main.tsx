import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { TRANSACTIONS_CHANNEL_NAME, TRANSACTIONS_DB_NAME } from '../messaging/names';
import { createTransactionStore } from '../storage';
import { App } from './App';
import { TransactionStoreContext } from './hooks/transaction-store-context';
import './styles.css';

// The popup is an extension page of the worker's origin: it reads the same IndexedDB history
// directly and hears the worker's writes over the store's BroadcastChannel.
const transactions = createTransactionStore({
  persist: 'indexeddb',
  dbName: TRANSACTIONS_DB_NAME,
  channelName: TRANSACTIONS_CHANNEL_NAME,
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <TransactionStoreContext value={transactions}>
      <App />
    </TransactionStoreContext>
  </StrictMode>,
);
