import { lazy, Suspense, useState } from 'react';
import type { WalletStatus } from '../../messaging/popup-api';
import { sendToWorker } from '../../messaging/popup-client';
import { NetworkCard } from '../components/chain/NetworkCard';
import { CopyButton } from '../components/CopyButton';
import { FormError } from '../components/StateViews';
import { Switch } from '../components/Switch';
import { errorText } from '../lib/error-messages';
import { TID } from '../testids';

// Revealing the key is rare; its code loads when the Account tab is first opened.
const ExportKey = lazy(() => import('../components/ExportKey').then((m) => ({ default: m.ExportKey })));

const AUTO_LOCK_CHOICES = [1, 5, 15, 30, 60, 240];

interface Props {
  status: WalletStatus;
  onChanged: () => void;
}

export function AccountScreen({ status, onChanged }: Props) {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const choices = AUTO_LOCK_CHOICES.includes(status.autoLockMinutes)
    ? AUTO_LOCK_CHOICES
    : [...AUTO_LOCK_CHOICES, status.autoLockMinutes].sort((a, b) => a - b);

  async function act(run: () => Promise<unknown>) {
    setBusy(true);
    setError(undefined);
    try {
      await run();
      onChanged();
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel" aria-label="Account">
      <div className="panel-scroll panel-pad stack">
        <div className="card">
          <h3 className="card-title">Address</h3>
          <div className="address-row">
            <code className="address mono" data-testid={TID.accountAddress}>
              {status.address ?? '—'}
            </code>
            {status.address && <CopyButton text={status.address} label="Copy address" testId={TID.copyAddress} />}
          </div>
        </div>

        <div className="card">
          <div className="setting">
            <div>
              <h3 className="card-title">Pause payments</h3>
              <p className="muted small">While paused, no voucher is signed; pages get a payment refusal.</p>
            </div>
            <Switch
              checked={status.paused}
              label="Pause payments"
              disabled={busy}
              onChange={(paused) => act(() => sendToWorker('wallet.setPaused', { paused }))}
              testId={TID.pauseSwitch}
            />
          </div>
          <div className="setting">
            <label htmlFor="auto-lock" className="card-title">
              Lock after
            </label>
            <select
              id="auto-lock"
              value={status.autoLockMinutes}
              disabled={busy}
              onChange={(event) => act(() => sendToWorker('wallet.setAutoLock', { minutes: Number(event.target.value) }))}
              data-testid={TID.autoLock}
            >
              {choices.map((minutes) => (
                <option key={minutes} value={minutes}>
                  {minutes < 60 ? `${minutes} min` : `${minutes / 60} h`} idle
                </option>
              ))}
            </select>
          </div>
          <FormError message={error} />
          <button
            type="button"
            className="btn btn-secondary btn-block"
            disabled={busy}
            onClick={() => act(() => sendToWorker('wallet.lock', {}))}
            data-testid={TID.lockNow}
          >
            Lock now
          </button>
        </div>

        <NetworkCard />

        <div className="card">
          <h3 className="card-title">Recovery phrase and private key</h3>
          <Suspense fallback={null}>
            <ExportKey />
          </Suspense>
        </div>
      </div>
    </section>
  );
}
