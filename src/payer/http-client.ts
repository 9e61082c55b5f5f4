import { CLIENT_TX_REF_HEADER, parseErrorBody, VOUCHER_HEADER } from '../protocol';
import { createTransactionStore } from '../storage/factories/createTransactionStore';
import type {
  Pagination,
  PaymentSnapshot,
  TransactionEvent,
  TransactionFilter,
  TransactionPage,
  TransactionRecord,
  TransactionStore,
} from '../storage/interfaces/TransactionStore';
import type { SanitizeRequest } from '../storage/privacy';
import { isPayerError, PayerError } from './errors';
import { replayableBody } from './http-body';
import { createLocalIssuer } from './local-issuer';
import { createPayingFetch } from './paying-fetch';
import { createDefaultPolicy, type PaymentPolicy } from './policy';
import type { RecordFailure } from './record-model';
import { TransactionRecorder } from './transaction-recorder';
import type { VendorKey } from './vendor-key';
import { VoucherIssuer, type RedeemedNonceFloor, type VoucherSigner } from './voucher-issuer';
import { IndexedDbVoucherStateStore } from './voucher-state/indexeddb';
import type { VoucherStateStore } from './voucher-state/types';

export interface HttpClientOptions {
  /** The vendor's origin (and optional path prefix); request paths are appended to it. */
  baseUrl: string;
  signer: VoucherSigner;
  fetch?: typeof fetch;
  /**
   * Default: IndexedDB where it exists, else a file (FileVoucherStateStore at `voucherStatePath`),
   * so a restarted Node client continues its nonces.
   */
  voucherState?: VoucherStateStore;
  /** The file of the default Node voucher state; default `~/.voucher-wallet/<vendor host_port>.json`. */
  voucherStatePath?: string;
  transactionStore?: TransactionStore;
  transactionLog?: {
    enabled?: boolean;
    persist?: 'memory' | 'indexeddb' | 'custom';
    maxRecords?: number;
    sanitizeRequest?: SanitizeRequest;
  };
  /** Default: pay any vendor behind baseUrl, DEFAULT_LIMITS (10^6 atoms) in total. */
  policy?: PaymentPolicy;
  /** The vendor's key when known, so the very first request carries vouchers; else the first 402 sets it. */
  vendor?: VendorKey;
  /** Streamed request bodies are buffered up to this many bytes for the retry (http-body.ts). */
  maxReplayBodyBytes?: number;
  /** Where failing transaction-log writes are reported; default console.error. */
  onLogError?: (error: unknown) => void;
  /** A chain reader (src/chain/redeemed-floor.ts): nonces the vendor redeemed are never signed again. */
  chain?: RedeemedNonceFloor;
}

export type PayerRequestInit = Omit<RequestInit, 'method'>;

export interface PaidResult<T = unknown> {
  /** The body: parsed JSON for a JSON response, else text (a stream is read to its end). */
  data: T;
  response: Response;
  payment?: PaymentSnapshot;
  clientTxRef: string;
}

export interface HttpClient {
  request(method: string, path: string, init?: PayerRequestInit): Promise<Response>;
  requestAndWaitForPayment<T = unknown>(method: string, path: string, init?: PayerRequestInit): Promise<PaidResult<T>>;
  getTransactionStore(): TransactionStore;
  listTransactions(filter?: TransactionFilter, pagination?: Pagination): Promise<TransactionPage>;
  getTransaction(clientTxRef: string): Promise<TransactionRecord | null>;
  subscribeTransactions(cb: (event: TransactionEvent) => void): () => void;
  /** The vendor this client pays, once known. */
  vendorKey(): VendorKey | null;
  readonly issuer: VoucherIssuer;
}

export async function createHttpClient(options: HttpClientOptions): Promise<HttpClient> {
  const log = options.transactionLog ?? {};
  // Seed 003: IndexedDB where it exists (browser, worker), else a bounded memory store.
  const store =
    options.transactionStore ??
    createTransactionStore({ ...(log.persist ? { persist: log.persist } : {}), ...(log.maxRecords ? { maxRecords: log.maxRecords } : {}) });
  const base = options.baseUrl.replace(/\/+$/, '');
  // Vouchers must outlive the process: a client that forgot its vouchers would sign nonce 0
  // again, and the vendor refuses different content under a known nonce (nonce_conflict).
  const inFile = options.voucherState === undefined && globalThis.indexedDB === undefined;
  const voucherState =
    options.voucherState ?? (inFile ? await fileVoucherState(options.voucherStatePath, base) : new IndexedDbVoucherStateStore());
  const issuer = new VoucherIssuer({
    state: voucherState,
    signer: options.signer,
    policy: options.policy ?? createDefaultPolicy(),
    ...(options.chain ? { chain: options.chain } : {}),
  });
  // The default file holds the vendors behind this one base URL: the one this client paid last is
  // the vendor, so a restarted client's first request carries its vouchers instead of meeting a 402.
  let vendorKey: VendorKey | null = options.vendor ?? (inFile ? await lastPaidVendor(voucherState, options.signer.address) : null);
  const assetOf = async (key: VendorKey) => (await voucherState.get(key))?.asset;
  const recorder = new TransactionRecorder({
    store,
    issuer,
    vendorKey: () => vendorKey,
    assetOf,
    enabled: log.enabled ?? true,
    onError: options.onLogError ?? console.error,
  });
  const payingFetch = createPayingFetch({
    fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
    issuer: createLocalIssuer({
      issuer,
      vendorOrigin: new URL(base).origin,
      key: { get: () => vendorKey, set: (key) => (vendorKey = key) },
    }),
    recorder,
    bufferStream: (stream) => replayableBody(stream, options.maxReplayBodyBytes),
    describeHttpError: httpError,
    ...(log.sanitizeRequest ? { sanitize: log.sanitizeRequest } : {}),
  });

  const urlOf = (path: string) => (/^https?:\/\//i.test(path) ? path : `${base}${path.startsWith('/') ? '' : '/'}${path}`);

  async function send(method: string, path: string, init: PayerRequestInit = {}) {
    const url = urlOf(path);
    const headers = new Headers(init.headers);
    headers.delete(VOUCHER_HEADER); // the payer alone decides what vouchers a request carries
    const clientTxRef = headers.get(CLIENT_TX_REF_HEADER)?.trim() || crypto.randomUUID();
    headers.set(CLIENT_TX_REF_HEADER, clientTxRef);
    const settled = recorder.outcome(clientTxRef);
    try {
      const response = await payingFetch(url, { ...init, method, headers });
      recorder.forget(clientTxRef);
      return { response, clientTxRef, settled };
    } catch (error) {
      recorder.forget(clientTxRef);
      const aborted = init.signal?.aborted === true || (error as { name?: string })?.name === 'AbortError';
      if (aborted || isPayerError(error)) throw error;
      throw new PayerError('network_error', `request failed: ${String(error)}`, { url }, { cause: error });
    }
  }

  return {
    issuer,
    vendorKey: () => vendorKey,
    async request(method, path, init) {
      return (await send(method, path, init)).response;
    },
    async requestAndWaitForPayment<T>(method: string, path: string, init?: PayerRequestInit): Promise<PaidResult<T>> {
      const { response, clientTxRef, settled } = await send(method, path, init);
      const text = await response.text();
      const payment = await settled;
      const data = (isJson(response) ? parseJsonOr(text) : text) as T;
      if (!response.ok) {
        const code = response.status === 402 ? 'second_payment_required' : 'http_error';
        throw new PayerError(code, `${method} ${path} answered HTTP ${response.status}`, { status: response.status, clientTxRef, data });
      }
      return payment ? { data, response, payment, clientTxRef } : { data, response, clientTxRef };
    },
    getTransactionStore: () => store,
    listTransactions: (filter, pagination) => store.list(filter, pagination),
    getTransaction: (clientTxRef) => store.get(clientTxRef),
    subscribeTransactions: (cb) => store.subscribe(cb),
  };
}

async function lastPaidVendor(state: VoucherStateStore, client: string): Promise<VendorKey | null> {
  const mine = (await state.list()).filter((each) => each.key.client === client);
  mine.sort((a, b) => (a.lastReceiptAt ?? 0) - (b.lastReceiptAt ?? 0));
  return mine[mine.length - 1]?.key ?? null;
}

/** Loaded on demand: node:fs exists only where there is no IndexedDB to use instead. */
async function fileVoucherState(path: string | undefined, baseUrl: string): Promise<VoucherStateStore> {
  const { FileVoucherStateStore, defaultVoucherStatePath } = await import('./voucher-state/file');
  return new FileVoucherStateStore(path ?? defaultVoucherStatePath(baseUrl));
}

/** Error bodies up to this size are read (from a clone) for the vendor's protocol error code. */
const MAX_ERROR_BODY_BYTES = 16_384;

/**
 * An HTTP error for the record: the vendor's protocol code (e.g. nonce_conflict, invalid_signature)
 * when its small JSON body names one, so the log says why; else none (the status makes it http_error).
 */
async function httpError(response: Response): Promise<RecordFailure | undefined> {
  const length = Number(response.headers.get('content-length') ?? Number.NaN);
  if (!isJson(response) || !(length <= MAX_ERROR_BODY_BYTES)) return undefined;
  const error = parseErrorBody(await response.clone().text());
  if (error?.paymentCode === undefined) return undefined;
  return { code: error.paymentCode, message: `HTTP ${response.status}: ${error.message}` };
}

function isJson(response: Response): boolean {
  return /^application\/([a-z.+-]*\+)?json/i.test(response.headers.get('content-type') ?? '');
}

function parseJsonOr(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
