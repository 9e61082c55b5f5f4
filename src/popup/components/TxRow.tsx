import type { TransactionRecord } from '../../storage/interfaces/TransactionStore';
import { formatAmount, formatRowTime, targetHost, targetPath } from '../lib/format';
import type { VendorIndex } from '../lib/vendor-index';
import { TID } from '../testids';
import { StatusPill } from './StatusPill';

interface Props {
  record: TransactionRecord;
  vendors: VendorIndex;
  now: number;
  onOpen: (record: TransactionRecord) => void;
}

/** A compact two-line row: what and how much on top; when, where and status below. */
export function TxRow({ record, vendors, now, onOpen }: Props) {
  const verb = record.method ?? record.operation ?? record.protocol.toUpperCase();
  const cost = record.payment ? formatAmount(record.payment.cost, vendors.assetOf(record)) : record.status === 'free' ? 'free' : '—';
  const second =
    record.status === 'error'
      ? (record.errorMessage ?? record.errorCode ?? 'Failed')
      : [targetHost(record.urlOrTarget), record.payment ? `#${record.payment.nonce}` : undefined].filter(Boolean).join(' · ');
  return (
    <li>
      <button
        type="button"
        className={`tx-row${record.meta?.overcharge === true ? ' tx-row-flagged' : ''}`}
        onClick={() => onOpen(record)}
        data-testid={TID.txRow}
        data-tx={record.clientTxRef}
        aria-label={`${verb} ${record.urlOrTarget}, ${record.status}, ${cost}`}
      >
        <span className="tx-line">
          <span className="tx-verb">{verb}</span>
          <span className="tx-target">{targetPath(record.urlOrTarget)}</span>
          <span className="tx-cost" data-testid={TID.txCost}>
            {cost}
          </span>
        </span>
        <span className="tx-line tx-line-sub">
          <time dateTime={new Date(record.timestamp).toISOString()}>{formatRowTime(record.timestamp, now)}</time>
          <span className={`tx-sub${record.status === 'error' ? ' tx-sub-error' : ''}`}>{second}</span>
          <StatusPill status={record.status} />
        </span>
      </button>
    </li>
  );
}
