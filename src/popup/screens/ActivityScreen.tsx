import { useEffect, useMemo, useState } from 'react';
import type { VendorSummary } from '../../messaging/popup-api';
import type { TransactionRecord } from '../../storage/interfaces/TransactionStore';
import { ActivityFilters } from '../components/ActivityFilters';
import { ExportBar } from '../components/ExportBar';
import { Pager } from '../components/Pager';
import { EmptyState, ErrorState, Loading } from '../components/StateViews';
import { TxDetails } from '../components/TxDetails';
import { TxRow } from '../components/TxRow';
import { usePopupStartup } from '../hooks/startup-context';
import { useTransactionStore } from '../hooks/transaction-store-context';
import { useTransactions } from '../hooks/useTransactions';
import {
  ACTIVITY_PAGE_SIZE,
  DEFAULT_ACTIVITY_FILTER,
  activeFilterCount,
  toStoreFilter,
  type ActivityFilter,
} from '../lib/activity-filter';
import { buildVendorIndex } from '../lib/vendor-index';
import { TID } from '../testids';

export const PAGE_SIZE = ACTIVITY_PAGE_SIZE;

/** History from the shared transaction store, one page at a time, newest first. */
export function ActivityScreen({ vendors }: { vendors: readonly VendorSummary[] }) {
  const store = useTransactionStore();
  const [filter, setFilter] = useState<ActivityFilter>(DEFAULT_ACTIVITY_FILTER);
  const [pageIndex, setPageIndex] = useState(0);
  const [open, setOpen] = useState<TransactionRecord>();
  // Relative presets count back from the moment the filter was chosen, so the query is stable
  // across live refreshes instead of changing on every render.
  const mapped = useMemo(() => toStoreFilter(filter, Date.now()), [filter]);
  const storeFilter = mapped.error === undefined ? mapped.filter : undefined;
  const { page, loading, error, refresh } = useTransactions(store, storeFilter, pageIndex, PAGE_SIZE, usePopupStartup().firstPage);
  const vendorIndex = useMemo(() => buildVendorIndex(vendors), [vendors]);
  const now = Date.now();

  // Records can be cleared or filtered away under us: step back to the last page that exists.
  useEffect(() => {
    if (page && page.items.length === 0 && pageIndex > 0 && page.total > 0) {
      setPageIndex(Math.max(0, Math.ceil(page.total / PAGE_SIZE) - 1));
    }
  }, [page, pageIndex]);

  // Keep an open details view current when the record is updated (pending → paid).
  const openRecord = open ? (page?.items.find((item) => item.clientTxRef === open.clientTxRef) ?? open) : undefined;

  function changeFilter(next: ActivityFilter) {
    setFilter(next);
    setPageIndex(0);
  }

  let body;
  if (error) {
    body = <ErrorState title="Could not read the history" message={error} onRetry={refresh} />;
  } else if (!page && mapped.error === undefined) {
    body = <Loading label="Loading activity…" />;
  } else if (!page || page.items.length === 0) {
    body =
      activeFilterCount(filter) > 0 ? (
        <EmptyState title="No transactions match these filters" testId={TID.txEmpty}>
          <button type="button" className="btn btn-secondary btn-small" onClick={() => changeFilter(DEFAULT_ACTIVITY_FILTER)} data-testid={TID.filterClear}>
            Clear filters
          </button>
        </EmptyState>
      ) : (
        <EmptyState title="No transactions yet" testId={TID.txEmpty}>
          Requests the wallet pays for appear here as they happen.
        </EmptyState>
      );
  } else {
    body = (
      <ul className={`tx-list${loading ? ' is-refreshing' : ''}`} data-testid={TID.txList} aria-busy={loading}>
        {page.items.map((record) => (
          <TxRow key={record.clientTxRef} record={record} vendors={vendorIndex} now={now} onOpen={setOpen} />
        ))}
      </ul>
    );
  }

  return (
    <section className="panel panel-activity" aria-label="Activity">
      <ActivityFilters filter={filter} vendors={vendors} onChange={changeFilter} error={mapped.error} />
      <ExportBar store={store} filter={storeFilter} disabled={!storeFilter || !page || page.total === 0} />
      <div className="panel-scroll">{body}</div>
      {page && page.total > 0 && (
        <Pager pageIndex={pageIndex} pageSize={PAGE_SIZE} shown={page.items.length} total={page.total} hasMore={page.hasMore} onPage={setPageIndex} />
      )}
      {openRecord && (
        <TxDetails
          record={openRecord}
          asset={vendorIndex.assetOf(openRecord)}
          vendorOrigin={vendorIndex.originOf(openRecord.channelId)}
          onClose={() => setOpen(undefined)}
        />
      )}
    </section>
  );
}
