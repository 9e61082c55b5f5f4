import { useState, type FormEvent } from 'react';
import { sendToWorker } from '../../messaging/popup-client';
import { Brand } from '../components/Brand';
import { FormError } from '../components/StateViews';
import { errorText } from '../lib/error-messages';
import { TID } from '../testids';

/** Unlock with the password; the worker's error (wrong password, too many tries) is shown as is. */
export function Unlock({ onDone, reason }: { onDone: () => void; reason?: string }) {
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!password) {
      setError('Enter your password.');
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await sendToWorker('wallet.unlock', { password });
      setPassword('');
      onDone();
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="screen screen-centered">
      <div className="hero">
        <Brand size={48} />
        <h1>Welcome back</h1>
        <p className="muted">{reason ?? 'Unlock the wallet to pay for requests and see your activity.'}</p>
      </div>
      <form className="form" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor="unlock-password">Password</label>
          <input
            id="unlock-password"
            type="password"
            autoComplete="current-password"
            autoFocus
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            aria-invalid={error ? true : undefined}
            data-testid={TID.password}
          />
        </div>
        <FormError message={error} />
        <button type="submit" className="btn btn-primary btn-block" disabled={busy} data-testid={TID.unlock}>
          {busy ? 'Unlocking…' : 'Unlock'}
        </button>
      </form>
    </main>
  );
}
