import { useCallback, useEffect, useRef, useState } from 'react';
import { errorText } from '../lib/errors';
import type { TransactionFilter, TransactionPage, TransactionStore } from '../../storage/interfaces/TransactionStore';

export const LIVE_REFRESH_DEBOUNCE_MS = 300;

export interface TransactionsView {
  page: TransactionPage | undefined;
  loading: boolean;
  error: string | undefined;
  refresh: () => void;
}

/**
 * One page of history (newest first) for a filter, kept current: store events refresh the
 * page at most once per LIVE_REFRESH_DEBOUNCE_MS, so a burst of requests costs one read and a
 * steady stream cannot starve the refresh. `filter` undefined means "do not
 * query" (the controls hold an invalid range).
 */
export function useTransactions(
  store: TransactionStore,
  filter: TransactionFilter | undefined,
  pageIndex: number,
  pageSize: number,
): TransactionsView {
  const [page, setPage] = useState<TransactionPage>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string>();
  const generation = useRef(0);
  const filterKey = JSON.stringify(filter ?? null);

  const load = useCallback(async () => {
    if (filter === undefined) {
      setLoading(false);
      return;
    }
    const mine = ++generation.current;
    setLoading(true);
    try {
      const result = await store.list(filter, { offset: pageIndex * pageSize, limit: pageSize });
      if (mine !== generation.current) return;
      setPage(result);
      setError(undefined);
    } catch (failure) {
      if (mine !== generation.current) return;
      setError(errorText(failure));
    } finally {
      if (mine === generation.current) setLoading(false);
    }
    // filterKey stands for filter: a new object with the same fields must not reload.
  }, [store, filterKey, pageIndex, pageSize]);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = store.subscribe(() => {
      if (timer !== undefined) return;
      timer = setTimeout(() => {
        timer = undefined;
        void load();
      }, LIVE_REFRESH_DEBOUNCE_MS);
    });
    return () => {
      unsubscribe();
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [store, load]);

  const refresh = useCallback(() => void load(), [load]);
  return { page, loading, error, refresh };
}
