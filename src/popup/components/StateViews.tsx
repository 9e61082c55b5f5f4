import type { ReactNode } from 'react';
import { TID } from '../testids';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="state state-loading" role="status" data-testid={TID.loading}>
      <span className="spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}

export function ErrorState({ title, message, onRetry }: { title: string; message: string; onRetry?: () => void }) {
  return (
    <div className="state state-error" role="alert" data-testid={TID.errorState}>
      <p className="state-title">{title}</p>
      <p className="state-text">{message}</p>
      {onRetry && (
        <button type="button" className="btn btn-secondary btn-small" onClick={onRetry} data-testid={TID.retry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function EmptyState({ title, children, testId }: { title: string; children?: ReactNode; testId?: string }) {
  return (
    <div className="state state-empty" data-testid={testId}>
      <p className="state-title">{title}</p>
      {children && <div className="state-text">{children}</div>}
    </div>
  );
}

/** A form's error, announced to screen readers as soon as it appears. */
export function FormError({ message }: { message: string | undefined }) {
  if (!message) return null;
  return (
    <p className="form-error" role="alert" data-testid={TID.formError}>
      {message}
    </p>
  );
}
