import type { ChainTxAction, ChainTxView } from '../../../messaging/chain-api';
import { formatAmount, formatRowTime, shortAddress, type AssetUnits } from '../../lib/format';
import { TID } from '../../testids';

const STATUS_LABEL = { pending: 'Pending', mined: 'Mined', failed: 'Failed' } as const;
const STATUS_PILL = { pending: 'pending', mined: 'paid', failed: 'error' } as const;

export function describeAction(action: ChainTxAction, asset: AssetUnits | undefined): string {
  switch (action.kind) {
    case 'approve':
      return `Allow the contract ${formatAmount(action.atoms, asset)}`;
    case 'deposit':
      return `Deposit ${formatAmount(action.atoms, asset)}`;
    case 'requestWithdrawal':
      return `Request withdrawal of ${formatAmount(action.atoms, asset)}`;
    case 'cancelWithdrawal':
      return 'Cancel the withdrawal';
    case 'withdraw':
      return 'Withdraw';
    case 'subscribe':
      return `Subscribe to ${shortAddress(action.vendor)}`;
    case 'unsubscribe':
      return `Unsubscribe from ${shortAddress(action.vendor)}`;
  }
}

/** The transactions the wallet sent, newest first, with their hash and where they are. */
export function ChainTxList({ txs, asset, now }: { txs: ChainTxView[]; asset: AssetUnits | undefined; now: number }) {
  if (txs.length === 0) return <p className="muted small">No transactions yet.</p>;
  return (
    <ul className="chain-txs">
      {txs.map((tx) => (
        <li key={tx.hash} className="chain-tx" data-testid={TID.chainTxRow} data-status={tx.status} data-kind={tx.action.kind}>
          <div className="chain-tx-main">
            <span>{describeAction(tx.action, asset)}</span>
            <span className={`pill pill-${STATUS_PILL[tx.status]}`}>{STATUS_LABEL[tx.status]}</span>
          </div>
          <div className="chain-tx-meta muted small">
            <code className="mono" title={tx.hash} data-testid={TID.chainTxHash}>
              {shortAddress(tx.hash)}
            </code>
            <span>{formatRowTime(tx.createdAt, now)}</span>
            {tx.blockNumber !== undefined && <span>block {tx.blockNumber.toString()}</span>}
          </div>
          {tx.error && <p className="small chain-tx-error">{tx.error}</p>}
        </li>
      ))}
    </ul>
  );
}
