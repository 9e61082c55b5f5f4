import type { RecordEvent } from '../../payer/record-model';

/** What the browser showed of a request when it left. */
export interface SentRequest {
  at: number;
  /** Newest nonce in the x-voucher header our rule attached; null when it carried none. */
  newestNonce: bigint | null;
  /** The request's whitelisted headers (src/storage/privacy.ts), for its record. */
  headersSummary: Record<string, string>;
}

/**
 * The observer's per-worker-life memory. Nothing in it is authoritative: a new worker starts
 * with it empty, and what it loses is a request's send time (its receipt is then checked against
 * the vendor's own time claim) or events of requests answered while the worker was being stopped.
 */
export class InterceptionState {
  queuedSync: Promise<void> | undefined;
  runningSync: Promise<void> | undefined;
  /** Requests on the wire, by webRequest requestId (dropped when they end). */
  readonly sent = new Map<string, SentRequest>();
  /** Requests whose response is an event stream: their record ends with the stream. */
  readonly streams = new Set<string>();
  /** Record events waiting for the next batch, per page origin. */
  readonly queued = new Map<string, RecordEvent[]>();
  flushTimer: ReturnType<typeof setTimeout> | undefined;
  /** Batches being applied, so a test (or the stream receipt) can wait for them. */
  flushing: Promise<void> = Promise.resolve();
  sessionTag: Promise<string> | undefined;
  /** Approvals whose window this worker is opening right now (reconciliation leaves them be). */
  readonly openingApprovals = new Set<string>();
  /** Vendors' discovery documents, by vendor origin, fetched once per worker life. */
  readonly discovery = new Map<string, Promise<unknown>>();
}
