import { useState, type FormEvent } from 'react';
import { sendToWorker } from '../../messaging/popup-client';
import { Brand } from '../components/Brand';
import { PasswordFields } from '../components/PasswordFields';
import { FormError } from '../components/StateViews';
import { errorText } from '../lib/error-messages';
import { newPasswordError, privateKeyError } from '../lib/password';
import { TID } from '../testids';

type Mode = 'create' | 'import';

/** First run: make a new key or import one, protected by a password the vault derives its key from. */
export function Onboarding({ onDone }: { onDone: () => void }) {
  const [mode, setMode] = useState<Mode | undefined>();
  const [privateKey, setPrivateKey] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const problem = (mode === 'import' ? privateKeyError(privateKey) : undefined) ?? newPasswordError(password, confirm);
    setError(problem);
    if (problem) return;
    setBusy(true);
    try {
      if (mode === 'import') await sendToWorker('wallet.import', { privateKey: privateKey.trim(), password });
      else await sendToWorker('wallet.create', { password });
      onDone();
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBusy(false);
    }
  }

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
            Import a private key
          </button>
        </div>
      </main>
    );
  }

  return (
    <main className="screen">
      <header className="screen-header">
        <button type="button" className="btn-link" onClick={() => { setMode(undefined); setError(undefined); }}>
          ← Back
        </button>
        <h1>{mode === 'create' ? 'Create a wallet' : 'Import a private key'}</h1>
      </header>
      <form className="form" onSubmit={submit} noValidate>
        {mode === 'import' && (
          <div className="field">
            <label htmlFor="import-key">Private key</label>
            <textarea
              id="import-key"
              rows={3}
              spellCheck={false}
              autoComplete="off"
              value={privateKey}
              onChange={(event) => setPrivateKey(event.target.value)}
              className="mono"
              data-testid={TID.privateKey}
            />
            <p className="field-hint">It is encrypted with your password and never leaves this browser.</p>
          </div>
        )}
        {mode === 'create' && (
          <p className="muted small">A new key is generated in this browser. The password encrypts it; you need it to unlock.</p>
        )}
        <PasswordFields password={password} confirm={confirm} onPassword={setPassword} onConfirm={setConfirm} />
        <FormError message={error} />
        <button type="submit" className="btn btn-primary btn-block" disabled={busy} data-testid={TID.onboardingSubmit}>
          {busy ? 'Working…' : mode === 'create' ? 'Create wallet' : 'Import key'}
        </button>
      </form>
    </main>
  );
}
