import { useEffect } from 'react';
import type { VendorSummary } from '../../messaging/popup-api';
import { RejectedVendors } from '../components/RejectedVendors';
import { EmptyState, ErrorState, Loading } from '../components/StateViews';
import { VendorCard } from '../components/VendorCard';
import { useWorkerQuery, type WorkerQuery } from '../hooks/useWorkerQuery';
import { TID } from '../testids';

export function VendorsScreen({ vendors }: { vendors: WorkerQuery<VendorSummary[]> }) {
  const rejected = useWorkerQuery('vendors.rejected', ['vendors.changed', 'approvals.changed']);
  // What each vendor redeemed on chain; the cards show without it while the chain is slow or unreachable.
  const totals = useWorkerQuery('chain.vendorTotals', ['chain.changed', 'vendors.changed']);
  // Receipts change what was charged without a notice: opening the tab reads the vendors again.
  const refresh = vendors.refresh;
  useEffect(() => void refresh(), [refresh]);
  let body;
  if (vendors.error && !vendors.data) {
    body = <ErrorState title="Could not load vendors" message={vendors.error} onRetry={() => void vendors.refresh()} />;
  } else if (!vendors.data) {
    body = <Loading label="Loading vendors…" />;
  } else if (vendors.data.length === 0) {
    body = (
      <EmptyState title="No vendors approved yet" testId={TID.vendorsEmpty}>
        When a page asks to pay an API, the wallet asks you first and the vendor shows up here.
      </EmptyState>
    );
  } else {
    body = (
      <div className="stack">
        {vendors.data.map((vendor) => (
          <VendorCard
            key={vendor.vendorKey}
            vendor={vendor}
            chainTotals={totals.data?.find((entry) => entry.vendorKey === vendor.vendorKey)}
            chainError={totals.error}
            onChanged={() => void vendors.refresh()}
          />
        ))}
      </div>
    );
  }
  return (
    <section className="panel" aria-label="Vendors">
      <div className="panel-scroll panel-pad">
        <div className="stack">
          {body}
          <RejectedVendors rejected={rejected.data ?? []} onChanged={() => void rejected.refresh()} />
        </div>
      </div>
    </section>
  );
}
