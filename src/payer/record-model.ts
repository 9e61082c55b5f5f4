// Viem-free at run time (the asset module, not the protocol index): the page world uses these types.
import { atomsToMicroUsd, type Asset } from '../protocol/asset';
import type { Receipt } from '../protocol';
import type { HttpMethod, PaymentSnapshot, TransactionRecord } from '../storage/interfaces/TransactionStore';
import type { PayerErrorCode } from './errors';
import type { OverchargeCheck } from './overcharge';

/**
 * One record model for every payer: the paying fetch reports a request's lifecycle as these
 * events (request → response → receipt → end), and the same functions turn them into a
 * TransactionRecord, whether the worker applies them from a page's batch or a Node client's
 * recorder writes them at once. Lifecycle: pending → free | paid | error.
 */

export type RecordProtocol = 'http' | 'mcp' | 'other';

/** What was sent: the record's request fields. The worker re-checks them, never trusting a page. */
export interface RecordRequest {
  /** The sender's clock when it sent the request, ms since the epoch. */
  at: number;
  method: string;
  url: string;
  headersSummary: Record<string, string>;
  bodyHash?: string;
  bodySize?: number;
  stream: boolean;
  protocol: RecordProtocol;
  operation?: string;
  /** The MCP tool or prompt named in params. */
  mcpName?: string;
}

export interface RecordResponse {
  status: number;
  /** From send to the response headers, measured by the sender. */
  durationMs: number;
  stream: boolean;
}

export interface ReceiptSeen {
  source: 'header' | 'sse';
  /** The raw x-voucher-receipt header, or the data of an SSE voucher-receipt event. */
  value: string;
  /** From send to the receipt, measured by the sender: what the vendor's time claim is checked against. */
  elapsedMs: number;
  /** The response's content-length, when it states one: what the vendor's byte claim is checked against. */
  bytes?: number;
}

export interface RecordFailure {
  code: string;
  message: string;
}

/**
 * What is new about one request to a vendor. A request that ends quickly is reported as a single
 * event carrying all of it (request, response, receipt, end); a long one or a stream sends its
 * request first, so a record exists while it runs, and the rest later. `request` comes once.
 */
export interface RecordEvent {
  clientTxRef: string;
  request?: RecordRequest;
  response?: RecordResponse;
  receipt?: ReceiptSeen;
  /** The request is over: answered (a non-stream), read to its end, failed or cancelled. */
  end?: { error?: RecordFailure };
}

/** Everything known about one request at once: its events merged, in the order they came. */
export type RequestFold = RecordEvent;

/**
 * Merges events per clientTxRef, first seen first. The first request, receipt and end win (a
 * batch resent after a worker died repeats them; a sender reusing a ref gets its first request
 * recorded, as a record is created once); the latest response wins.
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

const HTTP_METHODS: ReadonlySet<string> = new Set(['GET', 'POST', 'PUT', 'DELETE', 'PATCH']);

/** The record's method field: the methods the store knows, else none. */
export function httpMethodOf(method: string): HttpMethod | undefined {
  const upper = method.toUpperCase();
  return HTTP_METHODS.has(upper) ? (upper as HttpMethod) : undefined;
}

/** The pending record of a request; `now` is the recorder's clock, not the sender's. */
export function newRequestRecord(clientTxRef: string, request: RecordRequest, now: number): TransactionRecord {
  const method = request.method.toUpperCase();
  const record: TransactionRecord = {
    clientTxRef,
    timestamp: now,
    protocol: request.protocol,
    urlOrTarget: request.url,
    operation:
      request.protocol === 'mcp' && request.operation !== undefined ? request.operation : `${method}:${new URL(request.url).pathname}`,
    headersSummary: request.headersSummary,
    stream: request.stream,
    status: 'pending',
  };
  const httpMethod = httpMethodOf(method);
  if (httpMethod) record.method = httpMethod;
  if (request.bodyHash !== undefined) record.requestBodyHash = request.bodyHash;
  if (request.bodySize !== undefined) record.requestBodySize = request.bodySize;
  if (request.mcpName !== undefined) record.meta = { mcpName: request.mcpName };
  return record;
}

/** What the recorder made of a request's receipt. */
export type ReceiptVerdict =
  | { kind: 'paid'; receipt: Receipt; asset: Asset | undefined; overcharge: OverchargeCheck | null }
  | { kind: 'refused'; code: PayerErrorCode; message: string };

export function responseChanges(response: RecordResponse): Partial<TransactionRecord> {
  return { statusCode: response.status, durationMs: Math.max(0, Math.round(response.durationMs)), stream: response.stream };
}

/** The normalized snapshot of a receipt; costUsd is 0n when the asset has no USD price. */
export function paymentSnapshotOf(receipt: Receipt, asset: Asset | undefined, paidAt: Date = new Date()): PaymentSnapshot {
  return {
    cost: receipt.cost,
    costUsd: (asset && atomsToMicroUsd(receipt.cost, asset)) ?? 0n,
    nonce: receipt.nonce,
    serviceTxRef: receipt.serviceTxRef,
    paidAt: paidAt.toISOString(),
  };
}

/**
 * The changes a fold makes to a pending record: the response, then the outcome. A receipt decides
 * it (paid, or an error when the receipt is unusable); otherwise the end does (the sender's error,
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
  if (verdict) return { ...changes, ...errorChanges(verdict) };
  if (!fold.end) return changes;
  const error = fold.end.error;
  if (error) return { ...changes, ...errorChanges(error) };
  const statusCode = changes.statusCode ?? record.statusCode;
  if (statusCode !== undefined && statusCode >= 400) {
    return { ...changes, status: 'error', errorCode: 'http_error', errorMessage: `HTTP ${statusCode}` };
  }
  return { ...changes, status: 'free' };
}

/** An error outcome for a pending record: a failed request, a refused receipt, a sweep. */
export function errorChanges(failure: RecordFailure): Partial<TransactionRecord> {
  return { status: 'error', errorCode: failure.code, errorMessage: failure.message };
}
