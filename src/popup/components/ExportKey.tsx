import { useState, type FormEvent } from 'react';
import { sendToWorker } from '../../messaging/popup-client';
import { errorText } from '../lib/error-messages';
import { TID } from '../testids';
import { PhraseGrid } from './PhraseGrid';
import { FormError } from './StateViews';

/**
 * Reveals the recovery phrase (when the wallet has one) and the private key only after the
 * password is typed again, and hides them on request.
 */
export function ExportKey() {
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState('');
  const [secret, setSecret] = useState<{ privateKey: string; phrase?: string }>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  function hide() {
    setSecret(undefined);
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
      setSecret(await sendToWorker('wallet.exportKey', { password }));
      setPassword('');
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBusy(false);
    }
  }

  if (secret) {
    return (
      <div className="stack">
        <p className="notice notice-danger" role="alert">
          Anyone with {secret.phrase ? 'these words or this key' : 'this key'} can spend from this wallet. Never paste{' '}
          {secret.phrase ? 'them' : 'it'} into a website.
        </p>
        {secret.phrase && (
          <div data-testid={TID.phraseRevealed}>
            <h4 className="card-subtitle">Recovery phrase</h4>
            <PhraseGrid phrase={secret.phrase} />
          </div>
        )}
        {secret.phrase && <h4 className="card-subtitle">Private key</h4>}
        <output className="secret mono" data-testid={TID.privateKeyRevealed}>
          {secret.privateKey}
        </output>
        <button type="button" className="btn btn-secondary btn-block" onClick={hide} data-testid={TID.hideKey}>
          Hide
        </button>
      </div>
    );
  }
  if (!open) {
    return (
      <button type="button" className="btn btn-secondary btn-block" onClick={() => setOpen(true)} data-testid={TID.exportKeyOpen}>
        Show recovery phrase and key…
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
        <p className="field-hint">Type your password again to show them.</p>
      </div>
      <FormError message={error} />
      <div className="actions">
        <button type="button" className="btn btn-secondary btn-small" onClick={hide}>
          Cancel
        </button>
        <button type="submit" className="btn btn-danger btn-small" disabled={busy} data-testid={TID.exportKeySubmit}>
          {busy ? 'Checking…' : 'Show'}
        </button>
      </div>
    </form>
  );
}
