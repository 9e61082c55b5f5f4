import { useRef, useState } from 'react';
import type { TransactionFilter, TransactionStore } from '../../storage/interfaces/TransactionStore';
import { errorText } from '../lib/error-messages';
import type { ExportFormat } from '../lib/export';
import { groupThousands } from '../lib/format';
import { TID } from '../testids';

interface Props {
  store: TransactionStore;
  filter: TransactionFilter | undefined;
  disabled: boolean;
}

/**
 * Exports the filtered records page by page, with progress and a way to stop. The export code
 * (CSV, JSON, download) is loaded on the first click, not with the popup's first paint.
 */
export function ExportBar({ store, filter, disabled }: Props) {
  const [progress, setProgress] = useState<{ done: number; total: number }>();
  const [error, setError] = useState<string>();
  const abort = useRef<AbortController>(undefined);

  async function run(format: ExportFormat) {
    if (!filter) return;
    const controller = new AbortController();
    abort.current = controller;
    setError(undefined);
    setProgress({ done: 0, total: 0 });
    try {
      const [{ exportFileName, exportTransactions }, { downloadBlob }] = await Promise.all([
        import('../lib/export'),
        import('../lib/download'),
      ]);
      const now = Date.now();
      const blob = await exportTransactions(store, filter, format, {
        now,
        signal: controller.signal,
        onProgress: (done, total) => setProgress({ done, total }),
      });
      downloadBlob(blob, exportFileName(format, now));
    } catch (failure) {
      // Cancelled by the user: nothing to report.
      if (!controller.signal.aborted) setError(`Export failed: ${errorText(failure)}`);
    } finally {
      setProgress(undefined);
      abort.current = undefined;
    }
  }

  if (progress) {
    return (
      <div className="export-bar" role="status" data-testid={TID.exportProgress}>
        <span className="spinner spinner-small" aria-hidden="true" />
        <span className="export-text">
          Exporting {groupThousands(String(progress.done))}
          {progress.total ? ` of ${groupThousands(String(progress.total))}` : ''}…
        </span>
        <button type="button" className="btn-link" onClick={() => abort.current?.abort()} data-testid={TID.exportCancel}>
          Cancel
        </button>
      </div>
    );
  }
  return (
    <div className="export-bar">
      <span className="export-text muted">Export filtered</span>
      <button type="button" className="btn btn-secondary btn-small" onClick={() => run('csv')} disabled={disabled} data-testid={TID.exportCsv}>
        CSV
      </button>
      <button type="button" className="btn btn-secondary btn-small" onClick={() => run('json')} disabled={disabled} data-testid={TID.exportJson}>
        JSON
      </button>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
