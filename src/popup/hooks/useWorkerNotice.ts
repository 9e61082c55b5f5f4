import { useEffect, useRef } from 'react';
import type { WorkerNotice } from '../../messaging/popup-api';
import { fromWire } from '../../messaging/wire';

function isNotice(message: unknown): message is WorkerNotice {
  return typeof message === 'object' && message !== null && (message as { channel?: unknown }).channel === 'notice';
}

/** Calls `onNotice` for every worker broadcast on the 'notice' channel while mounted. */
export function useWorkerNotice(onNotice: (notice: WorkerNotice) => void): void {
  const latest = useRef(onNotice);
  latest.current = onNotice;
  useEffect(() => {
    const events = typeof chrome === 'undefined' ? undefined : chrome.runtime?.onMessage;
    if (!events) return;
    // Returns nothing: the popup never answers, so the sender's port closes at once.
    const listener = (message: unknown) => {
      const decoded = fromWire(message);
      if (isNotice(decoded)) latest.current(decoded);
    };
    events.addListener(listener);
    return () => events.removeListener(listener);
  }, []);
}
