import { useCallback, useEffect, useRef, useState } from 'react';
import { pageReadKey } from '../lib/activity-filter';
import { errorText } from '../lib/error-messages';
import type { Prefetch } from '../lib/prefetch';
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
 * query" (the controls hold an invalid range). `initial`, a read started before the first render,
 * stands in for the first read when it is for this very page; already answered, it is the first
 * render's page, so the rows come with the screen.
 */
export function useTransactions(
  store: TransactionStore,
  filter: TransactionFilter | undefined,
  pageIndex: number,
  pageSize: number,
  initial?: Prefetch<TransactionPage>,
): TransactionsView {
  const readKey = filter === undefined ? undefined : pageReadKey(filter, pageIndex, pageSize);
  const [first] = useState(() => (readKey === undefined ? undefined : initial?.peek(readKey)));
  const [page, setPage] = useState<TransactionPage | undefined>(first?.ok ? first.value : undefined);
  const [loading, setLoading] = useState(first === undefined);
  const [error, setError] = useState<string | undefined>(first && !first.ok ? errorText(first.error) : undefined);
  const generation = useRef(0);
  const pending = useRef(initial);

  const load = useCallback(async () => {
    if (filter === undefined) {
      setLoading(false);
      return;
    }
    const mine = ++generation.current;
    const prefetched = readKey === undefined ? undefined : pending.current?.take(readKey);
    pending.current = undefined;
    if (!prefetched) setLoading(true);
    try {
      const result = await (prefetched ?? store.list(filter, { offset: pageIndex * pageSize, limit: pageSize }));
      if (mine !== generation.current) return;
      setPage(result);
      setError(undefined);
    } catch (failure) {
      if (mine !== generation.current) return;
      setError(errorText(failure));
    } finally {
      if (mine === generation.current) setLoading(false);
    }
    // readKey stands for filter, pageIndex and pageSize: a new object with the same fields must not reload.
  }, [store, readKey]);

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
