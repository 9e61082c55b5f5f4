import { useState, type FormEvent } from 'react';
import { sendToWorker } from '../../messaging/popup-client';
import { errorText } from '../lib/error-messages';
import { TID } from '../testids';
import { FormError } from './StateViews';

/** Reveals the private key only after the password is typed again, and hides it on request. */
export function ExportKey() {
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState('');
  const [privateKey, setPrivateKey] = useState<string>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  function hide() {
    setPrivateKey(undefined);
    setPassword('');
    setOpen(false);
  }

  async function reveal(event: FormEvent) {
    event.preventDefault();
    if (!password) {
      setError('Enter your password.');
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const { privateKey: key } = await sendToWorker('wallet.exportKey', { password });
      setPrivateKey(key);
      setPassword('');
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBusy(false);
    }
  }

  if (privateKey) {
    return (
      <div className="stack">
        <p className="notice notice-danger" role="alert">
          Anyone with this key can spend from this wallet. Never paste it into a website.
        </p>
        <output className="secret mono" data-testid={TID.privateKeyRevealed}>
          {privateKey}
        </output>
        <button type="button" className="btn btn-secondary btn-block" onClick={hide} data-testid={TID.hideKey}>
          Hide key
        </button>
      </div>
    );
  }
  if (!open) {
    return (
      <button type="button" className="btn btn-secondary btn-block" onClick={() => setOpen(true)}>
        Export private key…
      </button>
    );
  }
  return (
    <form className="form" onSubmit={reveal} noValidate>
      <div className="field">
        <label htmlFor="export-key-password">Password</label>
        <input
          id="export-key-password"
          type="password"
          autoComplete="current-password"
          autoFocus
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          data-testid={TID.exportKeyPassword}
        />
        <p className="field-hint">Type your password again to show the key.</p>
      </div>
      <FormError message={error} />
      <div className="actions">
        <button type="button" className="btn btn-secondary btn-small" onClick={hide}>
          Cancel
        </button>
        <button type="submit" className="btn btn-danger btn-small" disabled={busy} data-testid={TID.exportKeySubmit}>
          {busy ? 'Checking…' : 'Show key'}
        </button>
      </div>
    </form>
  );
}
