import { InvalidTransactionError } from './errors';
import type { TransactionRecord } from './interfaces/TransactionStore';

const STATUSES: ReadonlySet<string> = new Set(['pending', 'free', 'paid', 'error']);
const PROTOCOLS: ReadonlySet<string> = new Set(['http', 'mcp', 'other']);
const METHODS: ReadonlySet<string> = new Set(['GET', 'POST', 'PUT', 'DELETE', 'PATCH']);

export const isTransactionStatus = (value: unknown): boolean => typeof value === 'string' && STATUSES.has(value);
export const isTransactionProtocol = (value: unknown): boolean => typeof value === 'string' && PROTOCOLS.has(value);

/**
 * Checks the fields the store indexes, sorts or reports on, so a bad record is refused with a
 * typed error instead of being stored unindexed (IndexedDB silently skips index entries whose
 * key is invalid) or blowing up a list later. Also used on records arriving from another context.
 */
export function assertValidRecord(value: unknown): asserts value is TransactionRecord {
  if (typeof value !== 'object' || value === null) throw new InvalidTransactionError('record must be an object');
  const r = value as Record<string, unknown>;
  if (typeof r.clientTxRef !== 'string' || r.clientTxRef.length === 0) {
    throw new InvalidTransactionError('clientTxRef must be a non-empty string');
  }
  const at = ` (clientTxRef ${JSON.stringify(r.clientTxRef)})`;
  if (typeof r.timestamp !== 'number' || !Number.isFinite(r.timestamp)) {
    throw new InvalidTransactionError(`timestamp must be a finite number of ms${at}`);
  }
  if (!isTransactionProtocol(r.protocol)) throw new InvalidTransactionError(`protocol must be http, mcp or other${at}`);
  if (!isTransactionStatus(r.status)) throw new InvalidTransactionError(`status must be pending, free, paid or error${at}`);
  if (typeof r.urlOrTarget !== 'string') throw new InvalidTransactionError(`urlOrTarget must be a string${at}`);
  if (typeof r.stream !== 'boolean') throw new InvalidTransactionError(`stream must be a boolean${at}`);
  if (r.method !== undefined && !METHODS.has(r.method as string)) {
    throw new InvalidTransactionError(`method must be GET, POST, PUT, DELETE or PATCH${at}`);
  }
  for (const key of ['channelId', 'vmIdFragment', 'assetId', 'operation', 'requestBodyHash', 'errorMessage', 'errorCode']) {
    if (r[key] !== undefined && typeof r[key] !== 'string') throw new InvalidTransactionError(`${key} must be a string${at}`);
  }
  if (r.payment !== undefined) assertValidPayment(r.payment, at);
}

function assertValidPayment(value: unknown, at: string): void {
  if (typeof value !== 'object' || value === null) throw new InvalidTransactionError(`payment must be an object${at}`);
  const p = value as Record<string, unknown>;
  // Money is bigint atoms end to end: a number here would mean a float slipped in upstream.
  for (const key of ['cost', 'costUsd', 'nonce']) {
    if (typeof p[key] !== 'bigint') throw new InvalidTransactionError(`payment.${key} must be a bigint${at}`);
  }
  if (typeof p.paidAt !== 'string') throw new InvalidTransactionError(`payment.paidAt must be an ISO 8601 string${at}`);
}

/**
 * Deep copy with structured-clone semantics (keeps bigint, refuses functions), so callers can
 * neither mutate stored state nor store something IndexedDB could not.
 */
export function cloneRecord(record: TransactionRecord): TransactionRecord {
  try {
    return structuredClone(record);
  } catch (cause) {
    throw new InvalidTransactionError(`record ${JSON.stringify(record.clientTxRef)} is not structured-cloneable`, { cause });
  }
}

/** The record after `updates`; the key cannot change, because other contexts correlate by it. */
export function applyUpdates(existing: TransactionRecord, updates: Partial<TransactionRecord>): TransactionRecord {
  if (typeof updates !== 'object' || updates === null) throw new InvalidTransactionError('updates must be an object');
  if (updates.clientTxRef !== undefined && updates.clientTxRef !== existing.clientTxRef) {
    throw new InvalidTransactionError(`clientTxRef of ${JSON.stringify(existing.clientTxRef)} cannot be changed`);
  }
  const merged = { ...existing, ...updates, clientTxRef: existing.clientTxRef };
  assertValidRecord(merged);
  return merged;
}
