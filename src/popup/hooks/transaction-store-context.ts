import { createContext, useContext } from 'react';
import type { TransactionStore } from '../../storage/interfaces/TransactionStore';

/** The popup reads history straight from the shared IndexedDB store; tests pass a memory store. */
export const TransactionStoreContext = createContext<TransactionStore | null>(null);

export function useTransactionStore(): TransactionStore {
  const store = useContext(TransactionStoreContext);
  if (!store) throw new Error('TransactionStoreContext is not provided');
  return store;
}
