import { useState, type FormEvent } from 'react';
import type { Address } from 'viem';
import { sendToWorker } from '../../messaging/popup-client';
import { PhraseGrid } from '../components/PhraseGrid';
import { FormError } from '../components/StateViews';
import { errorText } from '../lib/error-messages';
import { TID } from '../testids';

interface Props {
  /** wallet.create's address: names the creation the words are for. */
  address: Address;
  phrase: string;
  /** 0-based positions the worker asks for. */
  confirm: number[];
  onDone: () => void;
  onCancel: () => void;
}

/**
 * The new wallet's phrase, shown this once, then the asked words typed back: only then does the
 * worker save the wallet. Going back to the phrase is allowed while this screen is open.
 */
export function PhraseBackup({ address, phrase, confirm, onDone, onCancel }: Props) {
  const [step, setStep] = useState<'show' | 'confirm'>('show');
  const [saved, setSaved] = useState(false);
  const [words, setWords] = useState<string[]>(() => confirm.map(() => ''));
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (words.some((word) => word.trim() === '')) {
      setError('Type each of the asked words.');
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await sendToWorker('wallet.confirmPhrase', { address, words: words.map((word) => word.trim()) });
      onDone();
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBusy(false);
    }
  }

  if (step === 'show') {
    return (
      <main className="screen">
        <header className="screen-header">
          <button type="button" className="btn-link" onClick={onCancel}>
            ← Start over
          </button>
          <h1>Your recovery phrase</h1>
        </header>
        <div className="form">
          <p className="notice notice-warn">
            Write these 12 words down, in order, and keep them offline. They are the only way to restore this wallet in
            another browser. Anyone who has them can spend from it.
          </p>
          <PhraseGrid phrase={phrase} />
          <label className="check">
            <input type="checkbox" checked={saved} onChange={(event) => setSaved(event.target.checked)} data-testid={TID.phraseSaved} />
            I wrote the words down
          </label>
          <button
            type="button"
            className="btn btn-primary btn-block"
            disabled={!saved}
            onClick={() => setStep('confirm')}
            data-testid={TID.phraseContinue}
          >
            Continue
          </button>
        </div>
      </main>
    );
  }

  return (
    <main className="screen">
      <header className="screen-header">
        <button type="button" className="btn-link" onClick={() => { setStep('show'); setError(undefined); }}>
          ← See the phrase
        </button>
        <h1>Confirm your phrase</h1>
      </header>
      <form className="form" onSubmit={submit} noValidate>
        <p className="muted small">Type these words of your phrase, so we know you have it.</p>
        {confirm.map((position, i) => (
          <div className="field" key={position}>
            <label htmlFor={`confirm-word-${position}`}>Word #{position + 1}</label>
            <input
              id={`confirm-word-${position}`}
              autoComplete="off"
              autoCapitalize="off"
              spellCheck={false}
              autoFocus={i === 0}
              className="mono"
              value={words[i]}
              onChange={(event) => setWords((current) => current.map((word, j) => (j === i ? event.target.value : word)))}
              data-testid={TID.confirmWord}
              data-position={position}
            />
          </div>
        ))}
        <FormError message={error} />
        <button type="submit" className="btn btn-primary btn-block" disabled={busy} data-testid={TID.confirmSubmit}>
          {busy ? 'Saving…' : 'Confirm and finish'}
        </button>
      </form>
    </main>
  );
}
