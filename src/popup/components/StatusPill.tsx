import type { TransactionStatus } from '../../storage/interfaces/TransactionStore';
import { TID } from '../testids';

const LABEL: Record<TransactionStatus, string> = { paid: 'Paid', free: 'Free', pending: 'Pending', error: 'Error' };

export function StatusPill({ status }: { status: TransactionStatus }) {
  return (
    <span className={`pill pill-${status}`} data-testid={TID.txStatus} data-status={status}>
      {LABEL[status]}
    </span>
  );
}
