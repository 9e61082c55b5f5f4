import { useState } from 'react';
import type { ChainAccountView } from '../../messaging/chain-api';
import { sendToWorker } from '../../messaging/popup-client';
import { AmountForm } from '../components/chain/AmountForm';
import { ChainTxList } from '../components/chain/ChainTxList';
import { SubscriptionsCard } from '../components/chain/SubscriptionsCard';
import { ErrorState, FormError, Loading } from '../components/StateViews';
import { useWorkerQuery } from '../hooks/useWorkerQuery';
import { errorText } from '../lib/error-messages';
import { formatAmount, formatSecondsLeft } from '../lib/format';
import { TID } from '../testids';

/** The key's money on chain: token balance, collateral, thawing; deposit and withdraw; subscriptions; transactions. */
export function FundsScreen() {
  const account = useWorkerQuery('chain.account', ['chain.changed']);
  const txs = useWorkerQuery('chain.transactions', ['chain.changed']);

  let body;
  if (account.error && !account.data) {
    body = <ErrorState title="Could not read the chain" message={account.error} onRetry={() => void account.refresh()} />;
  } else if (!account.data) {
    body = <Loading label="Reading the chain…" />;
  } else {
    body = (
      <>
        <Balances account={account.data} onRefresh={() => void account.refresh()} />
        <SubscriptionsCard account={account.data} />
      </>
    );
  }
  return (
    <section className="panel" aria-label="Funds">
      <div className="panel-scroll panel-pad stack">
        {body}
        <div className="card">
          <h3 className="card-title">Transactions</h3>
          {txs.data ? <ChainTxList txs={txs.data} asset={account.data?.facts.asset} now={Date.now()} /> : <Loading label="Loading transactions…" />}
        </div>
      </div>
    </section>
  );
}

function Balances({ account, onRefresh }: { account: ChainAccountView; onRefresh: () => void }) {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const { asset } = account.facts;
  const free = account.collateral - account.thawing;
  const left = account.thawEnd - account.chainTime;
  const send = async (input: Parameters<typeof sendToWorker<'chain.send'>>[1]) => {
    await sendToWorker('chain.send', input);
  };
  const act = async (input: Parameters<typeof send>[0]) => {
    setBusy(true);
    setError(undefined);
    try {
      await send(input);
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="card">
      <div className="card-head">
        <h3 className="card-title">Balances</h3>
        <button type="button" className="btn-link small" onClick={onRefresh} data-testid={TID.fundsRefresh}>
          Refresh
        </button>
      </div>
      <dl className="stats">
        <div>
          <dt>In your wallet</dt>
          <dd data-testid={TID.fundsTokenBalance}>{formatAmount(account.tokenBalance, asset)}</dd>
        </div>
        <div>
          <dt>Collateral</dt>
          <dd data-testid={TID.fundsCollateral}>{formatAmount(free, asset)}</dd>
        </div>
        <div>
          <dt>Thawing</dt>
          <dd data-testid={TID.fundsThawing}>{formatAmount(account.thawing, asset)}</dd>
        </div>
        <div>
          <dt>Subscriptions</dt>
          <dd>{account.totalSubscriptions.toString()}</dd>
        </div>
      </dl>
      {account.gasBalanceWei === 0n && (
        <p className="notice notice-warn small" role="note">
          This address has no gas money on chain {account.network.chainId}: transactions cannot be sent.
        </p>
      )}
      <AmountForm
        label="Deposit collateral"
        noun="the deposit"
        submitLabel="Deposit"
        asset={asset}
        hint="Moves tokens from your wallet into the collateral contract (approving the contract first when needed)."
        inputTestId={TID.depositInput}
        submitTestId={TID.depositSubmit}
        onSubmit={(atoms) => send({ kind: 'deposit', atoms })}
      />
      <AmountForm
        label="Request a withdrawal"
        noun="the withdrawal"
        submitLabel="Request withdrawal"
        asset={asset}
        hint={`Collateral thaws for ${formatSecondsLeft(account.facts.thawPeriodSeconds)} before it can be withdrawn; vendors can still redeem from it meanwhile. A new request restarts the thaw of everything thawing.`}
        inputTestId={TID.withdrawRequestInput}
        submitTestId={TID.withdrawRequestSubmit}
        onSubmit={(atoms) => send({ kind: 'requestWithdrawal', atoms })}
      />
      {account.thawing > 0n && (
        <div className="thaw">
          <p className="small" data-testid={TID.fundsThawLeft}>
            {left > 0n
              ? `${formatAmount(account.thawing, asset)} can be withdrawn in ${formatSecondsLeft(left)}.`
              : `${formatAmount(account.thawing, asset)} can be withdrawn now.`}
          </p>
          <div className="actions">
            <button type="button" className="btn btn-secondary btn-small" disabled={busy} onClick={() => void act({ kind: 'cancelWithdrawal' })} data-testid={TID.withdrawCancel}>
              Cancel withdrawal
            </button>
            <button type="button" className="btn btn-primary btn-small" disabled={busy || left > 0n} onClick={() => void act({ kind: 'withdraw' })} data-testid={TID.withdrawSubmit}>
              Withdraw
            </button>
          </div>
        </div>
      )}
      {free === 0n && account.thawing === 0n && <p className="muted small">No collateral yet: vendors extend no credit until you deposit.</p>}
      <div data-testid={TID.fundsError}>
        <FormError message={error} />
      </div>
    </div>
  );
}
