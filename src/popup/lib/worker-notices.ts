import browser from 'webextension-polyfill';
import type { WorkerNotice } from '../../messaging/popup-api';
import { fromWire } from '../../lib/bigint-wire';

function isNotice(message: unknown): message is WorkerNotice {
  return typeof message === 'object' && message !== null && (message as { channel?: unknown }).channel === 'notice';
}

/**
 * Calls `onNotice` for every worker broadcast on the 'notice' channel until the returned function
 * is called.
 */
export function listenToWorkerNotices(onNotice: (notice: WorkerNotice) => void): () => void {
  const events = browser.runtime.onMessage;
  // Returns nothing: the popup never answers, so the sender's port closes at once.
  const listener = (message: unknown) => {
    const decoded = fromWire(message);
    if (isNotice(decoded)) onNotice(decoded);
  };
  events.addListener(listener);
  return () => events.removeListener(listener);
}
