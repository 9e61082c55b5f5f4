import type { RecordRequest, RecordResponse } from '../../payer/record-model';
import { errorChanges, newRequestRecord, responseChanges } from '../../payer/record-model';
import { pickWhitelistedHeaders } from '../../storage/privacy';
import type { TransactionRecord } from '../../storage/interfaces/TransactionStore';
import type { Services } from '../services';

/**
 * The pending record of a page request the browser observed. Its headers are re-filtered here
 * (the header whitelist), and the record remembers its page origin (the request's initiator) so no
 * other page can touch it. The clock is the worker's: `now` is when the worker first hears of the
 * request, which for a request answered within one batch window is just after it ended.
 */
export function newPageRecord(clientTxRef: string, request: RecordRequest, pageOrigin: string, now: number): TransactionRecord {
  const record = newRequestRecord(clientTxRef, { ...request, headersSummary: pickWhitelistedHeaders(request.headersSummary) }, now);
  return { ...record, meta: { ...record.meta, pageOrigin } };
}

/** Creates the record of a page request (with its response, when known) unless it exists. One write. */
export async function startRecord(
  services: Services,
  pageOrigin: string,
  clientTxRef: string,
  request: RecordRequest,
  response?: RecordResponse,
): Promise<void> {
  if (await services.transactions.get(clientTxRef)) return;
  const record = newPageRecord(clientTxRef, request, pageOrigin, services.platform.now());
  await services.transactions.create(response ? { ...record, ...responseChanges(response) } : record);
}

export function ownedBy(record: TransactionRecord | null, pageOrigin: string): record is TransactionRecord {
  return record !== null && record.meta?.pageOrigin === pageOrigin;
}

export async function failRecord(
  services: Services,
  pageOrigin: string,
  clientTxRef: string,
  code: string,
  message: string,
): Promise<void> {
  const record = await services.transactions.get(clientTxRef);
  if (ownedBy(record, pageOrigin) && record.status === 'pending') {
    await services.transactions.update(clientTxRef, errorChanges({ code, message }));
  }
}

/** Recording is bookkeeping: its failure must never block or alter a payment decision. */
export async function quietly(task: () => Promise<unknown>): Promise<void> {
  try {
    await task();
  } catch (error) {
    console.warn('voucher wallet: recording failed', error);
  }
}
