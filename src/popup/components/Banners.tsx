import type { WalletStatus } from '../../messaging/popup-api';
import { TID } from '../testids';

interface Props {
  status: WalletStatus;
  onResume: () => void;
  onReview: () => void;
}

/** Paused state and approvals waiting, above every tab so neither goes unnoticed. */
export function Banners({ status, onResume, onReview }: Props) {
  return (
    <>
      {status.paused && (
        <div className="banner banner-warn" role="status" data-testid={TID.pausedBanner}>
          <span>Payments are paused.</span>
          <button type="button" className="btn-link" onClick={onResume}>
            Resume
          </button>
        </div>
      )}
      {status.pendingApprovals > 0 && (
        <div className="banner banner-info" role="status" data-testid={TID.approvalsNotice}>
          <span>
            {status.pendingApprovals === 1 ? 'A vendor is' : `${status.pendingApprovals} vendors are`} waiting for approval.
          </span>
          <button type="button" className="btn-link" onClick={onReview} data-testid={TID.approvalsReview}>
            Review
          </button>
        </div>
      )}
    </>
  );
}
