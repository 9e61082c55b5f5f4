import { InvalidQueryError } from './errors';
import type { Pagination, TransactionFilter, TransactionRecord } from './interfaces/TransactionStore';
import { isTransactionProtocol, isTransactionStatus } from './record';

export const DEFAULT_PAGE_LIMIT = 50;

export interface NormalizedQuery {
  filter: TransactionFilter;
  offset: number;
  limit: number;
  /** since > until: nothing can match, and IDBKeyRange.bound would throw. */
  empty: boolean;
}

/** Validates a list() query the same way for every store; bad input is a typed error. */
export function normalizeQuery(filter: TransactionFilter = {}, pagination: Pagination = {}): NormalizedQuery {
  const offset = pagination.offset ?? 0;
  const limit = pagination.limit ?? DEFAULT_PAGE_LIMIT;
  if (!Number.isSafeInteger(offset) || offset < 0) throw new InvalidQueryError('offset must be a non-negative integer');
  if (!Number.isSafeInteger(limit) || limit < 0) throw new InvalidQueryError('limit must be a non-negative integer');
  if (filter.status !== undefined && !isTransactionStatus(filter.status)) throw new InvalidQueryError('unknown status filter');
  if (filter.protocol !== undefined && !isTransactionProtocol(filter.protocol)) throw new InvalidQueryError('unknown protocol filter');
  if (filter.channelId !== undefined && typeof filter.channelId !== 'string') throw new InvalidQueryError('channelId filter must be a string');
  for (const key of ['since', 'until'] as const) {
    const v = filter[key];
    if (v !== undefined && (typeof v !== 'number' || Number.isNaN(v))) throw new InvalidQueryError(`${key} must be a number of ms`);
  }
  const empty = filter.since !== undefined && filter.until !== undefined && filter.since > filter.until;
  return { filter, offset, limit, empty };
}

export function matchesFilter(record: TransactionRecord, filter: TransactionFilter): boolean {
  return (
    (filter.status === undefined || record.status === filter.status) &&
    (filter.channelId === undefined || record.channelId === filter.channelId) &&
    (filter.protocol === undefined || record.protocol === filter.protocol) &&
    (filter.since === undefined || record.timestamp >= filter.since) &&
    (filter.until === undefined || record.timestamp <= filter.until)
  );
}

/**
 * List order: timestamp descending, ties by clientTxRef descending. This is exactly the order of
 * an IndexedDB 'prev' cursor over a [.., timestamp] index (equal index keys come in descending
 * primary-key order), so both stores page identically.
 */
export function compareNewestFirst(a: TransactionRecord, b: TransactionRecord): number {
  if (a.timestamp !== b.timestamp) return b.timestamp - a.timestamp;
  return a.clientTxRef < b.clientTxRef ? 1 : a.clientTxRef > b.clientTxRef ? -1 : 0;
}
