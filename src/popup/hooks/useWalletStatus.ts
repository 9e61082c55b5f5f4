import { useEffect } from 'react';
import type { WalletStatus } from '../../messaging/popup-api';
import { WALLET_STATUS_NOTICES } from '../startup';
import { usePopupStartup } from './startup-context';
import { useWorkerQuery, type WorkerQuery } from './useWorkerQuery';

/** setTimeout fires at once beyond this; a lock that far away needs no timer. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The wallet's state, refreshed on every worker notice (any of them can follow a lock, an
 * approval or a pause) and once more just after the auto-lock deadline. The first answer is the
 * request main.tsx started before the first render, when there is one.
 */
export function useWalletStatus(): WorkerQuery<WalletStatus> {
  const query = useWorkerQuery('wallet.status', WALLET_STATUS_NOTICES, usePopupStartup().walletStatus);
  const deadline = query.data?.state === 'unlocked' ? query.data.lockDeadline : undefined;
  const { refresh } = query;
  useEffect(() => {
    if (deadline === undefined) return;
    const delay = Math.max(0, deadline - Date.now()) + 500;
    if (delay > MAX_TIMER_MS) return;
    const timer = setTimeout(() => void refresh(), delay);
    return () => clearTimeout(timer);
  }, [deadline, refresh]);
  return query;
}
