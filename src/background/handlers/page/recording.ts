import type { RecordEvent } from '../../../content/page-api';
import { recordError, recordRequest } from '../../../payer/transaction-recorder';
import { pickWhitelistedHeaders } from '../../../storage/privacy';
import type { TransactionRecord } from '../../../storage/interfaces/TransactionStore';
import type { Services } from '../../services';

export type StartedEvent = Extract<RecordEvent, { kind: 'started' }>;

/**
 * Creates the pending record of a page request. What the page says is re-filtered here (the
 * page world is not trusted to apply the header whitelist), and the record remembers its page
 * origin so no other page can touch it. The clock is the worker's.
 */
export async function startRecord(services: Services, pageOrigin: string, started: StartedEvent): Promise<void> {
  if (await services.transactions.get(started.clientTxRef)) return;
  await recordRequest(services.transactions, {
    method: started.method,
    url: started.url,
    headers: started.headersSummary,
    stream: started.stream,
    clientTxRef: started.clientTxRef,
    now: services.platform.now(),
    sanitize: (headers) => ({
      headersSummary: pickWhitelistedHeaders(headers),
      ...(started.bodyHash !== undefined ? { requestBodyHash: started.bodyHash } : {}),
      ...(started.bodySize !== undefined ? { requestBodySize: started.bodySize } : {}),
    }),
  });
  const changes: Partial<TransactionRecord> = { meta: { pageOrigin } };
  if (started.protocol === 'mcp') {
    changes.protocol = 'mcp';
    if (started.operation !== undefined) changes.operation = started.operation;
  }
  await services.transactions.update(started.clientTxRef, changes);
}

/** The record, if it exists and belongs to this page. */
export async function ownedRecord(
  services: Services,
  pageOrigin: string,
  clientTxRef: string,
): Promise<TransactionRecord | null> {
  const record = await services.transactions.get(clientTxRef);
  return record && record.meta?.pageOrigin === pageOrigin ? record : null;
}

export async function failRecord(
  services: Services,
  pageOrigin: string,
  clientTxRef: string,
  code: string,
  message: string,
): Promise<void> {
  const record = await ownedRecord(services, pageOrigin, clientTxRef);
  if (record && record.status === 'pending') await recordError(services.transactions, clientTxRef, { code, message });
}

/** Recording is bookkeeping: its failure must never block or alter a payment decision. */
export async function quietly(task: () => Promise<unknown>): Promise<void> {
  try {
    await task();
  } catch (error) {
    console.warn('voucher wallet: recording failed', error);
  }
}
