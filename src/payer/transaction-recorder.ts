import { atomsToMicroUsd, CLIENT_TX_REF_HEADER, type Asset, type Receipt } from '../protocol';
import type {
  HttpMethod,
  PaymentSnapshot,
  TransactionRecord,
  TransactionStore,
} from '../storage/interfaces/TransactionStore';
import { defaultSanitizeRequest, type SanitizeRequest } from '../storage/privacy';
import { describeMcpRequest } from './mcp-request';
import type { OverchargeCheck } from './overcharge';

/**
 * The record lifecycle of seed 003 as plain functions over a TransactionStore, so the extension
 * worker can drive it from messages and the HTTP client from its own flow:
 *   recordRequest (pending) → recordResponseHeaders → recordPaid | recordFree | recordError.
 */

const HTTP_METHODS: ReadonlySet<string> = new Set(['GET', 'POST', 'PUT', 'DELETE', 'PATCH']);

/** The record's method field: the methods the store knows, else none. */
export function httpMethodOf(method: string): HttpMethod | undefined {
  const upper = method.toUpperCase();
  return HTTP_METHODS.has(upper) ? (upper as HttpMethod) : undefined;
}

export interface RequestDescription {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: unknown;
  /** The caller expects a stream (Accept: text/event-stream); corrected when headers arrive. */
  stream?: boolean;
  clientTxRef: string;
  /** The vendor address, when known before the request. */
  channelId?: string;
  assetId?: string;
  sanitize?: SanitizeRequest;
  now?: number;
}

/** The caller's X-Client-Tx-Ref wins, so its logs and ours correlate; else a fresh UUID. */
export function clientTxRefFor(headers: Record<string, string>): string {
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() === CLIENT_TX_REF_HEADER && value.trim() !== '') return value.trim();
  }
  return crypto.randomUUID();
}

export function assetIdOf(asset: Asset): string {
  return asset.address ?? asset.symbol;
}

export async function recordRequest(store: TransactionStore, request: RequestDescription): Promise<TransactionRecord> {
  const method = request.method.toUpperCase();
  const sanitized = await (request.sanitize ?? defaultSanitizeRequest)(request.headers, request.body);
  const mcp = describeMcpRequest(method, request.body);
  const record: TransactionRecord = {
    clientTxRef: request.clientTxRef,
    timestamp: request.now ?? Date.now(),
    protocol: mcp ? 'mcp' : 'http',
    urlOrTarget: request.url,
    operation: mcp ? mcp.method : `${method}:${new URL(request.url).pathname}`,
    stream: request.stream ?? false,
    status: 'pending',
  };
  const httpMethod = httpMethodOf(method);
  if (httpMethod) record.method = httpMethod;
  if (sanitized.headersSummary) record.headersSummary = sanitized.headersSummary;
  if (sanitized.requestBodyHash) record.requestBodyHash = sanitized.requestBodyHash;
  if (sanitized.requestBodySize !== undefined) record.requestBodySize = sanitized.requestBodySize;
  if (request.channelId) record.channelId = request.channelId;
  if (request.assetId) record.assetId = request.assetId;
  if (mcp?.name !== undefined) record.meta = { mcpName: mcp.name };
  await store.create(record);
  return record;
}

export interface ResponseHeadersUpdate {
  statusCode: number;
  durationMs: number;
  stream: boolean;
  channelId?: string;
  assetId?: string;
}

export async function recordResponseHeaders(
  store: TransactionStore,
  clientTxRef: string,
  update: ResponseHeadersUpdate,
): Promise<void> {
  const changes: Partial<TransactionRecord> = {
    statusCode: update.statusCode,
    durationMs: Math.max(0, Math.round(update.durationMs)),
    stream: update.stream,
  };
  if (update.channelId) changes.channelId = update.channelId;
  if (update.assetId) changes.assetId = update.assetId;
  await store.update(clientTxRef, changes);
}

export interface PaidUpdate {
  receipt: Receipt;
  asset?: Asset;
  paidAt?: Date;
  overcharge?: OverchargeCheck | null;
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

export async function recordPaid(store: TransactionStore, clientTxRef: string, update: PaidUpdate): Promise<void> {
  const { receipt } = update;
  const changes: Partial<TransactionRecord> = {
    status: 'paid',
    channelId: receipt.vendor,
    payment: paymentSnapshotOf(receipt, update.asset, update.paidAt),
  };
  if (update.overcharge?.suspected) {
    changes.meta = await mergedMeta(store, clientTxRef, {
      overcharge: true,
      expectedCost: update.overcharge.expected.toString(),
      allowedCost: update.overcharge.allowed.toString(),
    });
  }
  await store.update(clientTxRef, changes);
}

/** A response without a payment header that is not a stream: nothing was charged. */
export async function recordFree(store: TransactionStore, clientTxRef: string): Promise<void> {
  await store.update(clientTxRef, { status: 'free' });
}

export interface ErrorUpdate {
  code: string;
  message: string;
  statusCode?: number;
}

export async function recordError(store: TransactionStore, clientTxRef: string, update: ErrorUpdate): Promise<void> {
  const changes: Partial<TransactionRecord> = { status: 'error', errorCode: update.code, errorMessage: update.message };
  if (update.statusCode !== undefined) changes.statusCode = update.statusCode;
  await store.update(clientTxRef, changes);
}

async function mergedMeta(
  store: TransactionStore,
  clientTxRef: string,
  added: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const existing = await store.get(clientTxRef);
  return { ...(existing?.meta ?? {}), ...added };
}
