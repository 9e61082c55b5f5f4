import type { RecordRequest, RecordResponse } from '../../../content/page-api';
import { httpMethodOf, recordError } from '../../../payer/transaction-recorder';
import { pickWhitelistedHeaders } from '../../../storage/privacy';
import type { TransactionRecord } from '../../../storage/interfaces/TransactionStore';
import type { Services } from '../../services';
import { responseChanges } from './record-fold';

/**
 * The pending record of a page request. What the page says is re-filtered here (the page world
 * is not trusted to apply the header whitelist), and the record remembers its page origin so no
 * other page can touch it. The clock is the worker's: `now` is when the worker first hears of the
 * request, which for a request answered within one batch window is just after it ended.
 */
export function newPageRecord(clientTxRef: string, request: RecordRequest, pageOrigin: string, now: number): TransactionRecord {
  const method = request.method.toUpperCase();
  const record: TransactionRecord = {
    clientTxRef,
    timestamp: now,
    protocol: request.protocol,
    urlOrTarget: request.url,
    operation:
      request.protocol === 'mcp' && request.operation !== undefined ? request.operation : `${method}:${new URL(request.url).pathname}`,
    headersSummary: pickWhitelistedHeaders(request.headersSummary),
    stream: request.stream,
    status: 'pending',
    meta: { pageOrigin },
  };
  const httpMethod = httpMethodOf(method);
  if (httpMethod) record.method = httpMethod;
  if (request.bodyHash !== undefined) record.requestBodyHash = request.bodyHash;
  if (request.bodySize !== undefined) record.requestBodySize = request.bodySize;
  return record;
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
    await recordError(services.transactions, clientTxRef, { code, message });
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
