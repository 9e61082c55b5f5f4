import { useState, type FormEvent, type ReactNode } from 'react';
import type { PendingApproval, PopupInput } from '../../messaging/popup-api';
import { sendToWorker } from '../../messaging/popup-client';
import { atomsToMicroUsd, formatAtoms } from '../../protocol';
import { Brand } from '../components/Brand';
import { SubscribeOffer } from '../components/chain/SubscribeOffer';
import { LimitsFields } from '../components/LimitsFields';
import { EmptyState, ErrorState, FormError, Loading } from '../components/StateViews';
import { useWorkerQuery } from '../hooks/useWorkerQuery';
import { parseLimits } from '../lib/amount-input';
import { errorText } from '../lib/error-messages';
import { formatAmount, formatMicroUsd, shortAddress } from '../lib/format';
import { TID } from '../testids';

interface Props {
  id: string;
  /** Called after the decision reached the worker, or to leave without deciding. */
  onDone: () => void;
}

/** Loads one pending approval by id and lets the user approve it with limits, or reject it. */
export function ApprovalScreen({ id, onDone }: Props) {
  const approvals = useWorkerQuery('approvals.list', ['approvals.changed']);
  const approval = approvals.data?.find((item) => item.id === id);

  let body;
  if (approval?.unknownAsset) body = <UnknownAssetNotice approval={approval} onDone={onDone} />;
  else if (approval) body = <ApprovalForm approval={approval} onDone={onDone} />;
  else if (approvals.error) body = <ErrorState title="Could not load the request" message={approvals.error} onRetry={() => void approvals.refresh()} />;
  else if (!approvals.data) body = <Loading label="Loading the request…" />;
  else {
    body = (
      <EmptyState title="Nothing to approve" testId={TID.approvalMissing}>
        <p>This request was already answered or has expired.</p>
        <button type="button" className="btn btn-secondary btn-small" onClick={onDone}>
          Close
        </button>
      </EmptyState>
    );
  }
  return (
    <main className="screen" data-testid={TID.approvalScreen}>
      <header className="app-header">
        <Brand size={24} />
        <h1>Payment request</h1>
      </header>
      <div className="panel-scroll panel-pad">{body}</div>
    </main>
  );
}

function ApprovalForm({ approval, onDone }: { approval: PendingApproval; onDone: () => void }) {
  const { asset, prices, previousPrices } = approval;
  const [budget, setBudget] = useState(formatAtoms(approval.proposedBudgetAtoms, asset.decimals));
  const [voucher, setVoucher] = useState(formatAtoms(approval.proposedVoucherAtoms, asset.decimals));
  const [error, setError] = useState<{ message: string; field?: 'budget' | 'voucher' }>();
  const [busy, setBusy] = useState<'approve' | 'reject'>();
  const usd = (atoms: bigint) => {
    const micro = atomsToMicroUsd(atoms, asset);
    return micro !== undefined && micro > 0n ? ` (${formatMicroUsd(micro)})` : '';
  };

  async function decide(input: PopupInput<'approvals.decide'>) {
    setBusy(input.approve ? 'approve' : 'reject');
    setError(undefined);
    try {
      await sendToWorker('approvals.decide', input);
      onDone();
    } catch (failure) {
      setError({ message: errorText(failure) });
      setBusy(undefined);
    }
  }

  function approve(event: FormEvent) {
    event.preventDefault();
    const limits = parseLimits(budget, voucher, asset);
    if (limits.error !== undefined) {
      setError({ message: limits.error, field: limits.field });
      return;
    }
    void decide({ id: approval.id, approve: true, ...limits });
  }

  return (
    <form className="form" onSubmit={approve} noValidate>
      <ApprovalWho approval={approval}>
        <p className="mono muted small" title={approval.vendor}>
          vendor {shortAddress(approval.vendor)} · chain {approval.chainId.toString()}
        </p>
      </ApprovalWho>

      {previousPrices && (
        <p className="notice notice-warn" role="note" data-testid={TID.approvalRepriced}>
          This vendor raised its prices. Nothing more is signed for it until you approve the new ones.
        </p>
      )}

      <dl className="prices card">
        <div>
          <dt>Per request (approx.)</dt>
          <dd>{formatAmount(prices.approxCost, asset)}{usd(prices.approxCost)}</dd>
        </div>
        <div>
          <dt>Per hour of query time</dt>
          <dd data-testid={TID.approvalPricePerHour}>
            {previousPrices && <PreviousPrice atoms={previousPrices.atomsPerHour} now={prices.atomsPerHour} asset={asset} />}
            {formatAmount(prices.atomsPerHour, asset)}{usd(prices.atomsPerHour)}
          </dd>
        </div>
        <div>
          <dt>Per GB of response</dt>
          <dd data-testid={TID.approvalPricePerGB}>
            {previousPrices && <PreviousPrice atoms={previousPrices.atomsPerGB} now={prices.atomsPerGB} asset={asset} />}
            {formatAmount(prices.atomsPerGB, asset)}{usd(prices.atomsPerGB)}
          </dd>
        </div>
      </dl>
      <p className="muted small" data-testid={TID.approvalSuggested}>
        The vendor suggests vouchers of {formatAmount(approval.suggestedVoucherAtoms, asset)}; the wallet proposes at most its own defaults.
      </p>

      <SubscribeOffer vendor={approval.vendor} chainId={approval.chainId} verifyingContract={approval.verifyingContract} />

      <LimitsFields asset={asset} budget={budget} voucher={voucher} onBudget={setBudget} onVoucher={setVoucher} invalid={error?.field} />
      <p className="muted small">You can change or revoke this later under Vendors.</p>
      <FormError message={error?.message} />
      <div className="actions actions-split">
        <button
          type="button"
          className="btn btn-secondary"
          onClick={() => decide({ id: approval.id, approve: false })}
          disabled={busy !== undefined}
          data-testid={TID.reject}
        >
          {busy === 'reject' ? 'Rejecting…' : 'Reject'}
        </button>
        <button type="submit" className="btn btn-primary" disabled={busy !== undefined} data-testid={TID.approve}>
          {busy === 'approve' ? 'Approving…' : 'Approve'}
        </button>
      </div>
    </form>
  );
}

/**
 * A vendor paid in an asset the wallet does not know: nothing to approve (amounts could not be
 * shown or bounded), only an explanation; closing declines the vendor for this page.
 */
function UnknownAssetNotice({ approval, onDone }: { approval: PendingApproval; onDone: () => void }) {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function close() {
    setBusy(true);
    setError(undefined);
    try {
      await sendToWorker('approvals.decide', { id: approval.id, approve: false });
      onDone();
    } catch (failure) {
      setError(errorText(failure));
      setBusy(false);
    }
  }

  return (
    <div className="form">
      <ApprovalWho approval={approval} />
      <p className="notice notice-danger" role="alert" data-testid={TID.approvalUnknownAsset}>
        This vendor wants vouchers on chain {approval.chainId.toString()} through contract{' '}
        <span className="mono">{approval.verifyingContract}</span>. The wallet knows no asset there, so it cannot tell what
        they would be worth, and pays nothing.
      </p>
      <p className="muted small">Closing declines this vendor for this page; you can undo that under Vendors.</p>
      <FormError message={error} />
      <div className="actions">
        <button type="button" className="btn btn-secondary" onClick={close} disabled={busy} data-testid={TID.reject}>
          {busy ? 'Closing…' : 'Close'}
        </button>
      </div>
    </div>
  );
}

/** The approved rate, struck through, before the raised one: "old → new". */
function PreviousPrice({ atoms, now, asset }: { atoms: bigint; now: bigint; asset: PendingApproval['asset'] }) {
  if (atoms === now) return null;
  return (
    <>
      <s className="muted">{formatAmount(atoms, asset)}</s> →{' '}
    </>
  );
}

/** Which page wants to pay which vendor: the head of every approval window. */
function ApprovalWho({ approval, children }: { approval: { pageOrigin: string; vendorOrigin: string }; children?: ReactNode }) {
  return (
    <div className="approval-who">
      <p className="muted small">
        <strong className="origin" data-testid={TID.approvalPage}>
          {approval.pageOrigin}
        </strong>{' '}
        wants to pay
      </p>
      <p className="approval-vendor" data-testid={TID.approvalVendor}>
        {approval.vendorOrigin}
      </p>
      {children}
    </div>
  );
}
