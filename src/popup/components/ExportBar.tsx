import { useRef, useState } from 'react';
import type { TransactionFilter, TransactionStore } from '../../storage/interfaces/TransactionStore';
import { downloadBlob } from '../lib/download';
import { errorText } from '../lib/errors';
import { ExportCancelled, exportFileName, exportTransactions, type ExportFormat } from '../lib/export';
import { groupThousands } from '../lib/format';
import { TID } from '../testids';

interface Props {
  store: TransactionStore;
  filter: TransactionFilter | undefined;
  disabled: boolean;
}

/** Exports the filtered records page by page, with progress and a way to stop. */
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
      const now = Date.now();
      const blob = await exportTransactions(store, filter, format, {
        now,
        signal: controller.signal,
        onProgress: (done, total) => setProgress({ done, total }),
      });
      downloadBlob(blob, exportFileName(format, now));
    } catch (failure) {
      if (!(failure instanceof ExportCancelled)) setError(`Export failed: ${errorText(failure)}`);
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
