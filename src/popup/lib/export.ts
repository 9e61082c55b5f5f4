import type { TransactionFilter, TransactionStore } from '../../storage/interfaces/TransactionStore';
import { csvHeader, recordToCsv } from './csv';
import { recordToJson } from './json-export';

export type ExportFormat = 'csv' | 'json';

export interface ExportOptions {
  /** Records read per store call; small enough that one page never stalls the UI. */
  pageSize?: number;
  now?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export class ExportCancelled extends Error {
  override readonly name = 'ExportCancelled';
}

const MIME: Record<ExportFormat, string> = { csv: 'text/csv;charset=utf-8', json: 'application/json' };

/** Lets the browser paint and handle input between pages. */
const yieldToUi = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Reads the filtered records page by page (never all at once) and builds a Blob of CSV or a
 * JSON array. The upper time bound is pinned to the start of the export: records created
 * meanwhile are newer, so they would otherwise push older ones across page boundaries and
 * make the offsets skip or repeat rows.
 */
export async function exportTransactions(
  store: Pick<TransactionStore, 'list'>,
  filter: TransactionFilter,
  format: ExportFormat,
  options: ExportOptions = {},
): Promise<Blob> {
  const pageSize = options.pageSize ?? 500;
  const now = options.now ?? Date.now();
  const pinned: TransactionFilter = { ...filter, until: Math.min(filter.until ?? now, now) };
  const parts: string[] = [format === 'csv' ? csvHeader() : '['];
  let offset = 0;
  for (;;) {
    if (options.signal?.aborted) throw new ExportCancelled('export cancelled');
    const page = await store.list(pinned, { offset, limit: pageSize });
    for (const record of page.items) {
      if (format === 'csv') parts.push(recordToCsv(record));
      else parts.push(`${offset === 0 ? '\n' : ',\n'}${recordToJson(record)}`);
      offset += 1;
    }
    options.onProgress?.(offset, page.total);
    if (!page.hasMore || page.items.length === 0) break;
    await yieldToUi();
  }
  if (format === 'json') parts.push(offset === 0 ? ']\n' : '\n]\n');
  return new Blob(parts, { type: MIME[format] });
}

export function exportFileName(format: ExportFormat, now: number): string {
  const stamp = new Date(now).toISOString().slice(0, 19).replaceAll(':', '-');
  return `voucher-wallet-transactions-${stamp}.${format}`;
}
