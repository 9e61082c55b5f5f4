import type { WalletStatus } from '../../messaging/popup-api';
import { Brand } from '../components/Brand';
import { CopyButton } from '../components/CopyButton';
import { TID } from '../testids';

/**
 * The end of a first run in its own tab: the wallet is ready. The address is shown here, in the
 * wallet, for the user to copy into a faucet or a vendor's sign-up; no page is ever told it.
 */
export function Welcome({ status, onOpenWallet }: { status: WalletStatus; onOpenWallet: () => void }) {
  return (
    <main className="screen screen-centered" data-testid={TID.welcomeReady}>
      <div className="hero">
        <Brand size={48} />
        <h1>Your wallet is ready</h1>
        <p className="muted">It pays the APIs you approve, within the budgets you set, and asks you first for each new one.</p>
      </div>
      <div className="card stack">
        <h3 className="card-title">Your address</h3>
        <div className="address-row">
          <code className="address mono" data-testid={TID.welcomeAddress}>
            {status.address}
          </code>
          {status.address && <CopyButton text={status.address} label="Copy address" />}
        </div>
        <p className="muted small">
          A vendor needs collateral from this address before it accepts vouchers. On a test network, paste it into the
          vendor's "get test funds" box. Then go back to the page and try again.
        </p>
      </div>
      <div className="stack">
        <button type="button" className="btn btn-primary btn-block" onClick={() => window.close()}>
          Close this tab
        </button>
        <button type="button" className="btn btn-secondary btn-block" onClick={onOpenWallet}>
          Open the wallet here
        </button>
      </div>
    </main>
  );
}
