import { useState } from 'react';
import type { VendorChainTotals } from '../../messaging/chain-api';
import type { VendorSummary } from '../../messaging/popup-api';
import { sendToWorker } from '../../messaging/popup-client';
import { errorText } from '../lib/error-messages';
import { formatAmount, formatRowTime, shortAddress } from '../lib/format';
import { TID } from '../testids';
import { BudgetBar } from './BudgetBar';
import { LimitsEditor } from './LimitsEditor';
import { SpendingChart } from './SpendingChart';
import { FormError } from './StateViews';

/** One approved vendor: what it may spend, what it has, and the controls to change that. */
interface Props {
  vendor: VendorSummary;
  /** What the vendor redeemed on chain, when the vendor is on the wallet's network and the chain answered. */
  chainTotals?: VendorChainTotals;
  chainError?: string;
  onChanged: () => void;
}

export function VendorCard({ vendor, chainTotals, chainError, onChanged }: Props) {
  const [mode, setMode] = useState<'view' | 'edit' | 'confirm-revoke'>('view');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const { asset } = vendor;
  const host = vendor.vendorOrigin.replace(/^https?:\/\//, '');

  async function resume() {
    setBusy(true);
    setError(undefined);
    try {
      await sendToWorker('vendors.resume', { vendorKey: vendor.vendorKey });
      onChanged();
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBusy(false);
    }
  }

  async function revoke() {
    setBusy(true);
    setError(undefined);
    try {
      await sendToWorker('vendors.revoke', { vendorKey: vendor.vendorKey });
      onChanged();
    } catch (failure) {
      setError(errorText(failure));
      setMode('view');
    } finally {
      setBusy(false);
    }
  }

  return (
    <article className="card vendor-card" data-testid={TID.vendorCard} data-vendor={vendor.vendor} aria-label={`Vendor ${host}`}>
      <header className="vendor-head">
        <div className="vendor-title">
          <h3>{host}</h3>
          <span className="mono muted small" title={vendor.vendor}>
            {shortAddress(vendor.vendor)}
          </span>
        </div>
        {mode === 'view' && (
          <button type="button" className="btn btn-secondary btn-small" onClick={() => setMode('edit')} data-testid={TID.vendorEdit}>
            Edit limits
          </button>
        )}
      </header>

      {vendor.hold ? (
        <div className="notice notice-danger" role="alert" data-testid={TID.vendorHold} data-reason={vendor.hold.reason}>
          {vendor.hold.reason === 'prices_raised' ? (
            <p>
              Payments stopped: this vendor now asks {formatAmount(vendor.hold.offered.atomsPerHour, asset)} an hour and{' '}
              {formatAmount(vendor.hold.offered.atomsPerGB, asset)} a GB; you approved {formatAmount(vendor.hold.approved.atomsPerHour, asset)} and{' '}
              {formatAmount(vendor.hold.approved.atomsPerGB, asset)}.
            </p>
          ) : (
            <p>Payments stopped: this vendor charged more than its prices allow. Check the flagged requests in Activity.</p>
          )}
          <div className="actions">
            <button type="button" className="btn btn-secondary btn-small" onClick={resume} disabled={busy} data-testid={TID.vendorResume}>
              {vendor.hold.reason === 'prices_raised' ? 'Accept new prices' : 'Resume payments'}
            </button>
          </div>
        </div>
      ) : (
        vendor.overchargeSuspected && (
          <p className="notice notice-warn" role="note" data-testid={TID.vendorOvercharge}>
            This vendor charged more than its prices allow. Check the flagged requests in Activity.
          </p>
        )
      )}

      <BudgetBar spent={vendor.spentAtoms} budget={vendor.budgetAtoms} asset={asset} />

      <dl className="stats">
        <div>
          <dt>Credit left</dt>
          <dd>{vendor.lastCredit ? formatAmount(vendor.lastCredit.available, asset) : '—'}</dd>
        </div>
        <div>
          <dt>Vouchers</dt>
          <dd>{vendor.vouchersSigned}</dd>
        </div>
        <div>
          <dt>Last nonce</dt>
          <dd className="mono">{vendor.lastNonce?.toString() ?? '—'}</dd>
        </div>
        <div>
          <dt>Max voucher</dt>
          <dd>{formatAmount(vendor.maxVoucherAtoms, asset)}</dd>
        </div>
      </dl>

      <dl className="stats stats-money" aria-label="Signed, charged and redeemed">
        <div>
          <dt>Signed in vouchers</dt>
          <dd data-testid={TID.vendorSigned} data-atoms={vendor.spentAtoms.toString()}>{formatAmount(vendor.spentAtoms, asset)}</dd>
        </div>
        <div>
          <dt>Charged by receipts</dt>
          <dd data-testid={TID.vendorCharged} data-atoms={vendor.chargedAtoms.toString()}>{formatAmount(vendor.chargedAtoms, asset)}</dd>
        </div>
        <div>
          <dt>Redeemed on chain</dt>
          <dd data-testid={TID.vendorRedeemed} data-atoms={chainTotals?.redeemedAtoms.toString()} title={chainTotals ? `${chainTotals.redeemedVouchers} vouchers` : chainError}>
            {chainTotals ? formatAmount(chainTotals.redeemedAtoms, chainTotals.asset) : '—'}
          </dd>
        </div>
      </dl>

      <SpendingChart points={vendor.spending} asset={asset} />

      <div className="origins">
        <span className="muted small origins-label">Pages allowed to pay</span>
        {vendor.approvedOrigins.length === 0 ? (
          <span className="small">none</span>
        ) : (
          vendor.approvedOrigins.map((origin) => (
            <span key={origin} className="chip">
              {origin.replace(/^https?:\/\//, '')}
            </span>
          ))
        )}
        {vendor.lastReceiptAt !== undefined && (
          <p className="muted small">Last receipt {formatRowTime(vendor.lastReceiptAt, Date.now())}</p>
        )}
      </div>

      {mode === 'edit' && <LimitsEditor vendor={vendor} onDone={() => { setMode('view'); onChanged(); }} />}

      <FormError message={error} />
      {mode === 'confirm-revoke' ? (
        <div className="confirm" role="group" aria-label="Confirm revoke">
          <p className="small">Stop paying {host}? Pages will have to ask again.</p>
          <div className="actions">
            <button type="button" className="btn btn-secondary btn-small" onClick={() => setMode('view')} data-testid={TID.vendorRevokeCancel} autoFocus>
              Keep
            </button>
            <button type="button" className="btn btn-danger btn-small" onClick={revoke} disabled={busy} data-testid={TID.vendorRevokeConfirm}>
              {busy ? 'Revoking…' : 'Revoke'}
            </button>
          </div>
        </div>
      ) : (
        mode === 'view' && (
          <div className="actions">
            <button type="button" className="btn-link btn-link-danger" onClick={() => setMode('confirm-revoke')} data-testid={TID.vendorRevoke}>
              Revoke approval
            </button>
          </div>
        )
      )}
    </article>
  );
}
