import { useCallback, useEffect, useRef, useState } from 'react';
import { errorText } from '../lib/error-messages';
import type { Prefetch, Settled } from '../lib/prefetch';
import type { PopupOutput, WorkerNotice } from '../../messaging/popup-api';
import { sendToWorker } from '../../messaging/popup-client';
import { useWorkerNotice } from './useWorkerNotice';

type InputlessRequest =
  | 'wallet.status'
  | 'vendors.list'
  | 'vendors.rejected'
  | 'approvals.list'
  | 'network.get'
  | 'chain.account'
  | 'chain.transactions'
  | 'chain.vendorTotals';

export interface WorkerQuery<T> {
  data: T | undefined;
  error: string | undefined;
  loading: boolean;
  refresh: () => Promise<void>;
}

/**
 * Fetches one input-less request and fetches it again when the worker announces one of
 * `refreshOn`. Answers that arrive after a newer request started are dropped. `initial`, a
 * request of the same type started before the first render, stands in for the first fetch:
 * already answered, it is the first render's data.
 */
export function useWorkerQuery<T extends InputlessRequest>(
  type: T,
  refreshOn: readonly WorkerNotice['type'][],
  initial?: Prefetch<PopupOutput<T>>,
): WorkerQuery<PopupOutput<T>> {
  const [first] = useState<Settled<PopupOutput<T>> | undefined>(() => initial?.peek(type));
  const [data, setData] = useState<PopupOutput<T> | undefined>(first?.ok ? first.value : undefined);
  const [error, setError] = useState<string | undefined>(first && !first.ok ? errorText(first.error) : undefined);
  const [loading, setLoading] = useState(first === undefined);
  const generation = useRef(0);
  const pending = useRef(initial);

  const refresh = useCallback(async () => {
    const mine = ++generation.current;
    const prefetched = pending.current?.take(type);
    pending.current = undefined;
    if (!prefetched) setLoading(true);
    try {
      const value = await (prefetched ?? sendToWorker(type, {} as never));
      if (mine !== generation.current) return;
      setData(value);
      setError(undefined);
    } catch (failure) {
      if (mine !== generation.current) return;
      setError(errorText(failure));
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, [type]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  useWorkerNotice((notice) => {
    if (refreshOn.includes(notice.type)) void refresh();
  });

  return { data, error, loading, refresh };
}
