import { useId } from 'react';
import { passwordStrength } from '../lib/password';
import { TID } from '../testids';

interface Props {
  password: string;
  confirm: string;
  onPassword: (value: string) => void;
  onConfirm: (value: string) => void;
}

/** New password + confirmation with a live strength hint. */
export function PasswordFields({ password, confirm, onPassword, onConfirm }: Props) {
  const id = useId();
  const strength = passwordStrength(password);
  const mismatch = confirm.length > 0 && confirm !== password;
  return (
    <>
      <div className="field">
        <label htmlFor={`${id}-password`}>New password</label>
        <input
          id={`${id}-password`}
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(event) => onPassword(event.target.value)}
          aria-describedby={`${id}-strength`}
          data-testid={TID.password}
        />
        <div className="strength" id={`${id}-strength`} data-testid={TID.passwordStrength} aria-live="polite">
          <span className={`strength-meter strength-${strength.score}`} aria-hidden="true">
            {[1, 2, 3, 4].map((step) => (
              <span key={step} className={step <= strength.score ? 'on' : ''} />
            ))}
          </span>
          <span className="strength-text">{password ? strength.hint : 'At least 8 characters.'}</span>
        </div>
      </div>
      <div className="field">
        <label htmlFor={`${id}-confirm`}>Confirm password</label>
        <input
          id={`${id}-confirm`}
          type="password"
          autoComplete="new-password"
          value={confirm}
          onChange={(event) => onConfirm(event.target.value)}
          aria-invalid={mismatch || undefined}
          aria-describedby={mismatch ? `${id}-mismatch` : undefined}
          data-testid={TID.passwordConfirm}
        />
        {mismatch && (
          <p className="field-hint field-hint-error" id={`${id}-mismatch`}>
            Does not match yet.
          </p>
        )}
      </div>
    </>
  );
}
