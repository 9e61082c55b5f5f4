/** The client transaction store of seed 003 (shared/seeds/003_*.txt). */

export type TransactionStatus = 'pending' | 'free' | 'paid' | 'error';
export type TransactionProtocol = 'http' | 'mcp' | 'other';
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';

/** Normalized payment snapshot, without fields that the record itself holds. */
export interface PaymentSnapshot {
  /** Atoms charged. */
  cost: bigint;
  /** Micro-US-dollars, when the vendor states a USD price (0n when unknown). */
  costUsd: bigint;
  /** The voucher nonce the cost was charged against. */
  nonce: bigint;
  serviceTxRef?: string;
  /** ISO 8601 time the payment was resolved. */
  paidAt: string;
}

export interface TransactionRecord {
  clientTxRef: string;
  /** Created at, ms since the epoch. */
  timestamp: number;

  protocol: TransactionProtocol;
  method?: HttpMethod;
  urlOrTarget: string;
  operation?: string;
  headersSummary?: Record<string, string>;
  /** SHA-256 of the request body, hex; the body itself is never stored. */
  requestBodyHash?: string;
  requestBodySize?: number;
  stream: boolean;

  /** The vendor: its payment channel id (we use the vendor address). */
  channelId?: string;
  vmIdFragment?: string;
  assetId?: string;
  payment?: PaymentSnapshot;

  statusCode?: number;
  /** From send to headers or first frame. */
  durationMs?: number;

  status: TransactionStatus;
  errorMessage?: string;
  errorCode?: string;

  meta?: Record<string, unknown>;
}

export interface TransactionFilter {
  status?: TransactionStatus;
  channelId?: string;
  protocol?: TransactionProtocol;
  /** Inclusive lower bound on timestamp, ms. */
  since?: number;
  /** Inclusive upper bound on timestamp, ms. */
  until?: number;
}

export interface Pagination {
  offset?: number;
  limit?: number;
}

export interface TransactionPage {
  items: TransactionRecord[];
  total: number;
  hasMore: boolean;
}

export type TransactionEvent =
  | { type: 'created'; record: TransactionRecord }
  | { type: 'updated'; record: TransactionRecord }
  | { type: 'cleared' };

/**
 * Errors are typed (src/storage/errors.ts): create of an existing clientTxRef →
 * DuplicateTransactionError, update of a missing one → TransactionNotFoundError, a malformed record
 * → InvalidTransactionError, a bad filter or page → InvalidQueryError.
 */
export interface TransactionStore {
  create(record: TransactionRecord): Promise<void>;
  /** Bulk insert in one transaction, all or nothing (a duplicate rejects the whole batch). */
  createMany(records: readonly TransactionRecord[]): Promise<void>;
  /** Atomic read-merge-write: concurrent updates of different fields all survive. */
  update(clientTxRef: string, updates: Partial<TransactionRecord>): Promise<void>;
  get(clientTxRef: string): Promise<TransactionRecord | null>;
  /**
   * Newest first (timestamp desc, ties by clientTxRef desc). Default page: offset 0, limit 50.
   * `total` counts every match, not just the page; hasMore = offset + items.length < total.
   */
  list(filter?: TransactionFilter, pagination?: Pagination): Promise<TransactionPage>;
  clear(): Promise<void>;
  /**
   * created / updated / cleared events, batched (one flush per ~16 ms), in order; with a channel
   * name they also reach subscribers of stores in other contexts (worker → popup).
   * Records evicted by the size cap emit no event.
   */
  subscribe(cb: (event: TransactionEvent) => void): () => void;
  /** Flushes pending events and releases the database connection and channel. */
  close(): Promise<void>;
}
