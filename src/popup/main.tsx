// First import on purpose: its reads start before React's modules are evaluated.
import { startup, transactions } from './boot';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { PopupStartupContext } from './hooks/startup-context';
import { TransactionStoreContext } from './hooks/transaction-store-context';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <TransactionStoreContext value={transactions}>
      <PopupStartupContext value={startup}>
        <App />
      </PopupStartupContext>
    </TransactionStoreContext>
  </StrictMode>,
);
