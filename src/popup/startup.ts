import type { PopupOutput, WorkerNotice } from '../messaging/popup-api';
import { sendToWorker } from '../messaging/popup-client';
import type { TransactionEvent, TransactionPage, TransactionStore } from '../storage/interfaces/TransactionStore';
import { compareNewestFirst } from '../storage/query';
import { ACTIVITY_PAGE_SIZE, pageReadKey } from './lib/activity-filter';
import { Prefetch } from './lib/prefetch';
import { parseRoute } from './lib/route';
import { listenToWorkerNotices } from './lib/worker-notices';

export interface PopupStartup {
  walletStatus?: Prefetch<PopupOutput<'wallet.status'>>;
  /** The Activity screen's first page (all records, newest first); absent in an approval window. */
  firstPage?: Prefetch<TransactionPage>;
}

/** Worker notices after which the wallet status must be asked again (useWalletStatus refreshes on them too). */
export const WALLET_STATUS_NOTICES: readonly WorkerNotice['type'][] = ['wallet.changed', 'approvals.changed'];

/**
 * Starts, side by side, the two reads the first screen waits for: the wallet status from the
 * worker and the newest page of history from IndexedDB. Before this, the page was read only
 * after the status had answered and the main screen had mounted, so the two waits added up.
 * Reading history before the status says "unlocked" reveals nothing: the popup may read the
 * store at any time, and the rows are shown only once the wallet is unlocked.
 */
export function startPopupReads(
  store: TransactionStore,
  hash: string,
  send: typeof sendToWorker = sendToWorker,
): PopupStartup {
  const walletStatus = new Prefetch('wallet.status', () => send('wallet.status', {}));
  walletStatus.onRetired(
    listenToWorkerNotices((notice) => {
      if (WALLET_STATUS_NOTICES.includes(notice.type)) walletStatus.invalidate();
    }),
  );
  if (parseRoute(hash).name !== 'main') return { walletStatus };

  const firstPage = new Prefetch(pageReadKey({}, 0, ACTIVITY_PAGE_SIZE), () =>
    store.list({}, { offset: 0, limit: ACTIVITY_PAGE_SIZE }),
  );
  firstPage.onRetired(store.subscribe((event) => firstPage.invalidateIf((page) => changesFirstPage(event, page))));
  return { walletStatus, firstPage };
}

/**
 * Whether `event` makes the unfiltered newest-first `page` (offset 0) out of date. A new record
 * changes the total and a clear changes everything; an update matters only to a record on the
 * page or one that now sorts into it. The worker updates old records all the time (its sweeper
 * closes stale pending ones), and those must not throw away a page that is still right.
 */
export function changesFirstPage(event: TransactionEvent, page: TransactionPage): boolean {
  if (event.type !== 'updated') return true;
  const last = page.items[page.items.length - 1];
  if (!last || page.items.length < ACTIVITY_PAGE_SIZE) return true;
  const ref = event.record.clientTxRef;
  return page.items.some((item) => item.clientTxRef === ref) || compareNewestFirst(event.record, last) <= 0;
}
