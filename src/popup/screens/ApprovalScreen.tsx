import { useState, type FormEvent } from 'react';
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
  if (approval) body = <ApprovalForm approval={approval} onDone={onDone} />;
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
  const { asset, prices } = approval;
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
        <p className="mono muted small" title={approval.vendor}>
          vendor {shortAddress(approval.vendor)} · chain {approval.chainId.toString()}
        </p>
      </div>

      <dl className="prices card">
        <div>
          <dt>Per request (approx.)</dt>
          <dd>{formatAmount(prices.approxCost, asset)}{usd(prices.approxCost)}</dd>
        </div>
        <div>
          <dt>Per hour of query time</dt>
          <dd>{formatAmount(prices.atomsPerHour, asset)}{usd(prices.atomsPerHour)}</dd>
        </div>
        <div>
          <dt>Per GB of response</dt>
          <dd>{formatAmount(prices.atomsPerGB, asset)}{usd(prices.atomsPerGB)}</dd>
        </div>
      </dl>

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
