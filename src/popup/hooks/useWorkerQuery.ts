import { useCallback, useEffect, useRef, useState } from 'react';
import { errorText } from '../lib/errors';
import type { PopupOutput, WorkerNotice } from '../../messaging/popup-api';
import { sendToWorker } from '../../messaging/popup-client';
import { useWorkerNotice } from './useWorkerNotice';

type InputlessRequest = 'wallet.status' | 'vendors.list' | 'approvals.list';

export interface WorkerQuery<T> {
  data: T | undefined;
  error: string | undefined;
  loading: boolean;
  refresh: () => Promise<void>;
}

/**
 * Fetches one input-less request and fetches it again when the worker announces one of
 * `refreshOn`. Answers that arrive after a newer request started are dropped.
 */
export function useWorkerQuery<T extends InputlessRequest>(
  type: T,
  refreshOn: readonly WorkerNotice['type'][],
): WorkerQuery<PopupOutput<T>> {
  const [data, setData] = useState<PopupOutput<T>>();
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(true);
  const generation = useRef(0);

  const refresh = useCallback(async () => {
    const mine = ++generation.current;
    setLoading(true);
    try {
      const value = await sendToWorker(type, {} as never);
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
