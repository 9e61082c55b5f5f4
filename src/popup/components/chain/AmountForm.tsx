import { useId, useState, type FormEvent } from 'react';
import { parseAmountInput } from '../../lib/amount-input';
import { errorText } from '../../lib/error-messages';
import type { AssetUnits } from '../../lib/format';
import { FormError } from '../StateViews';

interface Props {
  label: string;
  /** What the amount is, for error texts ("the deposit"). */
  noun: string;
  submitLabel: string;
  asset: AssetUnits;
  hint?: string;
  disabled?: boolean;
  inputTestId: string;
  submitTestId: string;
  /** Resolves once the worker took it; a rejection shows its text. */
  onSubmit: (atoms: bigint) => Promise<void>;
}

/** One amount in whole units of the network's token, parsed exactly into atoms before anything is sent. */
export function AmountForm({ label, noun, submitLabel, asset, hint, disabled, inputTestId, submitTestId, onSubmit }: Props) {
  const id = useId();
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = parseAmountInput(text, asset, noun);
    if (parsed.error !== undefined) {
      setError(parsed.error);
      return;
    }
    setError(undefined);
    setBusy(true);
    try {
      await onSubmit(parsed.atoms);
      setText('');
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form amount-form" onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <div className="input-unit">
          <input
            id={id}
            inputMode="decimal"
            autoComplete="off"
            placeholder="0.00"
            value={text}
            onChange={(event) => setText(event.target.value)}
            aria-invalid={error ? true : undefined}
            data-testid={inputTestId}
          />
          <span aria-hidden="true">{asset.symbol}</span>
        </div>
        {hint && <p className="field-hint">{hint}</p>}
      </div>
      <FormError message={error} />
      <button type="submit" className="btn btn-primary btn-small" disabled={disabled || busy} data-testid={submitTestId}>
        {busy ? 'Sending…' : submitLabel}
      </button>
    </form>
  );
}
