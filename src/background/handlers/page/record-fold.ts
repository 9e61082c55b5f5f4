import type { RecordEvent, RecordResponse } from '../../../content/page-api';
import type { Asset, Receipt } from '../../../protocol';
import type { OverchargeCheck } from '../../../payer/overcharge';
import { paymentSnapshotOf } from '../../../payer/transaction-recorder';
import type { TransactionRecord } from '../../../storage/interfaces/TransactionStore';

/** Everything one batch says about one request: its events merged, in the order they came. */
export type RequestFold = RecordEvent;

/**
 * Merges a batch's events per clientTxRef, first seen first. The first request, receipt and end
 * win (a batch resent after a worker died repeats them; a page reusing a ref gets its first
 * request recorded, as a record is created once); the latest response wins.
 */
export function foldRecordEvents(events: readonly RecordEvent[]): RequestFold[] {
  const folds = new Map<string, RequestFold>();
  for (const event of events) {
    const fold = folds.get(event.clientTxRef);
    if (!fold) {
      folds.set(event.clientTxRef, { ...event });
      continue;
    }
    if (event.request && !fold.request) fold.request = event.request;
    if (event.receipt && !fold.receipt) fold.receipt = event.receipt;
    if (event.end && !fold.end) fold.end = event.end;
    if (event.response) fold.response = event.response;
  }
  return [...folds.values()];
}

/** What the worker made of a request's receipt. */
export type ReceiptVerdict =
  | { kind: 'paid'; receipt: Receipt; asset: Asset | undefined; overcharge: OverchargeCheck | null }
  | { kind: 'refused'; code: 'malformed_receipt' | 'requirements_mismatch'; message: string };

export function responseChanges(response: RecordResponse): Partial<TransactionRecord> {
  return { statusCode: response.status, durationMs: Math.max(0, Math.round(response.durationMs)), stream: response.stream };
}

/**
 * The changes a fold makes to a pending record: the response, then the outcome. A receipt decides
 * it (paid, or an error when the receipt is unusable); otherwise the end does (the page's error,
 * an HTTP error status, or free); without either the record stays pending.
 */
export function recordChanges(
  record: TransactionRecord,
  fold: RequestFold,
  verdict: ReceiptVerdict | undefined,
  paidAt: Date,
): Partial<TransactionRecord> {
  const changes = fold.response ? responseChanges(fold.response) : {};
  if (verdict?.kind === 'paid') {
    changes.status = 'paid';
    changes.channelId = verdict.receipt.vendor;
    changes.payment = paymentSnapshotOf(verdict.receipt, verdict.asset, paidAt);
    if (verdict.overcharge?.suspected) {
      changes.meta = {
        ...record.meta,
        overcharge: true,
        expectedCost: verdict.overcharge.expected.toString(),
        allowedCost: verdict.overcharge.allowed.toString(),
      };
    }
    return changes;
  }
  if (verdict) return { ...changes, status: 'error', errorCode: verdict.code, errorMessage: verdict.message };
  if (!fold.end) return changes;
  const error = fold.end.error;
  if (error) return { ...changes, status: 'error', errorCode: error.code, errorMessage: error.message };
  const statusCode = changes.statusCode ?? record.statusCode;
  if (statusCode !== undefined && statusCode >= 400) {
    return { ...changes, status: 'error', errorCode: 'http_error', errorMessage: `HTTP ${statusCode}` };
  }
  return { ...changes, status: 'free' };
}
