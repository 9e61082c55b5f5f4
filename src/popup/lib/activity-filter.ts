import type { TransactionFilter, TransactionProtocol, TransactionStatus } from '../../storage/interfaces/TransactionStore';
import { resolveTimeRange, type TimeRange } from './time-range';

export const ANY = 'any';

/** Records per Activity page. */
export const ACTIVITY_PAGE_SIZE = 50;

/** Names one page read, so a read started at popup start is used only for exactly that page. */
export function pageReadKey(filter: TransactionFilter, pageIndex: number, pageSize: number): string {
  return JSON.stringify({ filter, offset: pageIndex * pageSize, limit: pageSize });
}

/** The filter as the Activity screen's controls hold it; `any` means the control is unset. */
export interface ActivityFilter {
  status: TransactionStatus | typeof ANY;
  /** A vendor's channel id (its address). */
  channelId: string;
  protocol: TransactionProtocol | typeof ANY;
  time: TimeRange;
}

export const DEFAULT_ACTIVITY_FILTER: ActivityFilter = {
  status: ANY,
  channelId: ANY,
  protocol: ANY,
  time: { preset: 'all' },
};

export const STATUS_OPTIONS: TransactionStatus[] = ['paid', 'free', 'pending', 'error'];
export const PROTOCOL_OPTIONS: TransactionProtocol[] = ['http', 'mcp', 'other'];

export type StoreFilterResult = { filter: TransactionFilter; error?: undefined } | { error: string };

/** Maps the controls to the store's filter; only set fields are passed so the store can use its indices. */
export function toStoreFilter(filter: ActivityFilter, now: number): StoreFilterResult {
  const time = resolveTimeRange(filter.time, now);
  if (time.error !== undefined) return { error: time.error };
  const out: TransactionFilter = {};
  if (filter.status !== ANY) out.status = filter.status;
  if (filter.channelId !== ANY) out.channelId = filter.channelId;
  if (filter.protocol !== ANY) out.protocol = filter.protocol;
  if (time.since !== undefined) out.since = time.since;
  if (time.until !== undefined) out.until = time.until;
  return { filter: out };
}

/** How many controls differ from the default, for the "Clear filters" affordance. */
export function activeFilterCount(filter: ActivityFilter): number {
  return (
    Number(filter.status !== ANY) +
    Number(filter.channelId !== ANY) +
    Number(filter.protocol !== ANY) +
    Number(filter.time.preset !== 'all')
  );
}
