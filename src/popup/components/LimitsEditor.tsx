import { useState, type FormEvent } from 'react';
import type { VendorSummary } from '../../messaging/popup-api';
import { sendToWorker } from '../../messaging/popup-client';
import { formatAtoms } from '../../protocol';
import { parseLimits } from '../lib/amount-input';
import { errorText } from '../lib/error-messages';
import { TID } from '../testids';
import { LimitsFields } from './LimitsFields';
import { FormError } from './StateViews';

/** Edits a vendor's budget and max voucher; amounts go to the worker as exact atoms. */
export function LimitsEditor({ vendor, onDone }: { vendor: VendorSummary; onDone: () => void }) {
  const { asset } = vendor;
  const [budget, setBudget] = useState(formatAtoms(vendor.budgetAtoms, asset.decimals));
  const [voucher, setVoucher] = useState(formatAtoms(vendor.maxVoucherAtoms, asset.decimals));
  const [error, setError] = useState<{ message: string; field?: 'budget' | 'voucher' }>();
  const [busy, setBusy] = useState(false);

  async function save(event: FormEvent) {
    event.preventDefault();
    const limits = parseLimits(budget, voucher, asset);
    if (limits.error !== undefined) {
      setError({ message: limits.error, field: limits.field });
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await sendToWorker('vendors.setBudget', { vendorKey: vendor.vendorKey, ...limits });
      onDone();
    } catch (failure) {
      setError({ message: errorText(failure) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form form-inline-card" onSubmit={save} noValidate>
      <LimitsFields asset={asset} budget={budget} voucher={voucher} onBudget={setBudget} onVoucher={setVoucher} invalid={error?.field} />
      <FormError message={error?.message} />
      <div className="actions">
        <button type="button" className="btn btn-secondary btn-small" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="btn btn-primary btn-small" disabled={busy} data-testid={TID.vendorSave}>
          {busy ? 'Saving…' : 'Save limits'}
        </button>
      </div>
    </form>
  );
}
