import { useState } from 'react';
import type { RejectedVendor } from '../../messaging/popup-api';
import { sendToWorker } from '../../messaging/popup-client';
import { errorText } from '../lib/error-messages';
import { shortAddress } from '../lib/format';
import { TID } from '../testids';
import { FormError } from './StateViews';

/**
 * Vendors declined for some pages, a closed approval window included: each decline can be undone,
 * after which the page's next request asks again.
 */
export function RejectedVendors({ rejected, onChanged }: { rejected: RejectedVendor[]; onChanged: () => void }) {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState<string>();
  if (rejected.length === 0) return null;

  async function undo(vendorKey: string, origin: string) {
    setBusy(`${vendorKey} ${origin}`);
    setError(undefined);
    try {
      await sendToWorker('vendors.revoke', { vendorKey, origin });
      onChanged();
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBusy(undefined);
    }
  }

  return (
    <section className="card" aria-label="Declined vendors">
      <h3>Declined</h3>
      <p className="muted small">Pages get these vendors' payment requests unpaid, without asking you.</p>
      <ul className="stack declined-list">
        {rejected.flatMap((vendor) =>
          vendor.rejectedOrigins.map((origin) => (
            <li key={`${vendor.vendorKey} ${origin}`} data-testid={TID.rejectedVendor} data-vendor={vendor.vendor} data-origin={origin}>
              <span className="small">
                <strong>{vendor.vendorOrigin.replace(/^https?:\/\//, '')}</strong>{' '}
                <span className="mono muted" title={vendor.vendor}>
                  {shortAddress(vendor.vendor)}
                </span>{' '}
                for {origin.replace(/^https?:\/\//, '')}
              </span>{' '}
              <button
                type="button"
                className="btn-link"
                onClick={() => void undo(vendor.vendorKey, origin)}
                disabled={busy !== undefined}
                data-testid={TID.rejectedUndo}
              >
                Undo
              </button>
            </li>
          )),
        )}
      </ul>
      <FormError message={error} />
    </section>
  );
}
