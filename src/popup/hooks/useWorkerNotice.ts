import { useEffect, useRef } from 'react';
import type { WorkerNotice } from '../../messaging/popup-api';
import { listenToWorkerNotices } from '../lib/worker-notices';

/** Calls `onNotice` for every worker broadcast on the 'notice' channel while mounted. */
export function useWorkerNotice(onNotice: (notice: WorkerNotice) => void): void {
  const latest = useRef(onNotice);
  latest.current = onNotice;
  useEffect(() => listenToWorkerNotices((notice) => latest.current(notice)), []);
}
