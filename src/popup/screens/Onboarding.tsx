import { useEffect, useState, type FormEvent } from 'react';
import type { PopupOutput } from '../../messaging/popup-api';
import { sendToWorker } from '../../messaging/popup-client';
import { Brand } from '../components/Brand';
import { PasswordFields } from '../components/PasswordFields';
import { FormError } from '../components/StateViews';
import { errorText } from '../lib/error-messages';
import { importKind, importSecretError, newPasswordError } from '../lib/password';
import { TID } from '../testids';
import { PhraseBackup } from './PhraseBackup';

type Mode = 'create' | 'import';

/**
 * First run: a new wallet (a recovery phrase made in the worker, shown once and confirmed) or an
 * imported phrase or private key, protected by a password the vault derives its key from.
 */
export function Onboarding({ onDone }: { onDone: () => void }) {
  const [mode, setMode] = useState<Mode | undefined>();
  const [secret, setSecret] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [created, setCreated] = useState<PopupOutput<'wallet.create'>>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  // A creation left open (the popup closed while the words were being written down) resumes
  // with its phrase; nothing to resume, or no answer, leaves the choice screen.
  useEffect(() => {
    let live = true;
    sendToWorker('wallet.pendingCreation', {})
      .then(({ pending }) => {
        if (live && pending) setCreated((current) => current ?? pending);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);

  function restart() {
    setMode(undefined);
    setCreated(undefined);
    setError(undefined);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const problem = (mode === 'import' ? importSecretError(secret) : undefined) ?? newPasswordError(password, confirm);
    setError(problem);
    if (problem) return;
    setBusy(true);
    try {
      if (mode === 'create') {
        setCreated(await sendToWorker('wallet.create', { password }));
        return;
      }
      const trimmed = secret.trim();
      await sendToWorker('wallet.import', importKind(trimmed) === 'privateKey' ? { privateKey: trimmed, password } : { phrase: trimmed, password });
      onDone();
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBusy(false);
    }
  }

  if (created) return <PhraseBackup {...created} onDone={onDone} onCancel={restart} />;

  if (!mode) {
    return (
      <main className="screen screen-centered">
        <div className="hero">
          <Brand size={48} />
          <h1>Voucher Wallet</h1>
          <p className="muted">Pay for web APIs with signed micropayment vouchers, within budgets you approve.</p>
        </div>
        <div className="stack">
          <button type="button" className="btn btn-primary btn-block" onClick={() => setMode('create')} data-testid={TID.onboardingCreate}>
            Create a new wallet
          </button>
          <button type="button" className="btn btn-secondary btn-block" onClick={() => setMode('import')} data-testid={TID.onboardingImport}>
            Import a recovery phrase or key
          </button>
        </div>
      </main>
    );
  }

  return (
    <main className="screen">
      <header className="screen-header">
        <button type="button" className="btn-link" onClick={restart}>
          ← Back
        </button>
        <h1>{mode === 'create' ? 'Create a wallet' : 'Import a wallet'}</h1>
      </header>
      <form className="form" onSubmit={submit} noValidate>
        {mode === 'import' && (
          <div className="field">
            <label htmlFor="import-secret">Recovery phrase or private key</label>
            <textarea
              id="import-secret"
              rows={3}
              spellCheck={false}
              autoComplete="off"
              autoCapitalize="off"
              value={secret}
              onChange={(event) => setSecret(event.target.value)}
              className="mono"
              data-testid={TID.importSecret}
            />
            <p className="field-hint">12–24 words separated by spaces, or 64 hex digits. Encrypted with your password; it never leaves this browser.</p>
          </div>
        )}
        {mode === 'create' && (
          <p className="muted small">
            A new recovery phrase is made in this browser; you write it down next. The password encrypts it here and unlocks the
            wallet.
          </p>
        )}
        <PasswordFields password={password} confirm={confirm} onPassword={setPassword} onConfirm={setConfirm} />
        <FormError message={error} />
        <button type="submit" className="btn btn-primary btn-block" disabled={busy} data-testid={TID.onboardingSubmit}>
          {busy ? 'Working…' : mode === 'create' ? 'Create wallet' : 'Import'}
        </button>
      </form>
    </main>
  );
}
