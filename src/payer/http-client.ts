import {
  CLIENT_TX_REF_HEADER,
  parseReceiptEventData,
  parseReceiptHeader,
  parseErrorBody,
  parseRequirements,
  ProtocolParseError,
  RECEIPT_HEADER,
  REQUIREMENTS_HEADER,
  VOUCHER_HEADER,
  type Asset,
  type Receipt,
} from '../protocol';
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
import { headersRecord, replayableBody } from './http-body';
import { createDefaultPolicy, type PaymentPolicy } from './policy';
import { streamBodyWithReceipt } from './stream-body';
import { TransactionLog } from './transaction-log';
import { assetIdOf, clientTxRefFor, paymentSnapshotOf } from './transaction-recorder';
import type { VendorKey } from './vendor-key';
import { newestNonceOfHeader, VoucherIssuer, type VoucherSigner } from './voucher-issuer';
import { IndexedDbVoucherStateStore } from './voucher-state/indexeddb';
import { MemoryVoucherStateStore } from './voucher-state/memory';
import type { VoucherStateStore } from './voucher-state/types';

export interface HttpClientOptions {
  /** The vendor's origin (and optional path prefix); request paths are appended to it. */
  baseUrl: string;
  signer: VoucherSigner;
  fetch?: typeof fetch;
  /** Default: IndexedDB where it exists, else memory (a Node client then forgets its vouchers on exit). */
  voucherState?: VoucherStateStore;
  transactionStore?: TransactionStore;
  transactionLog?: {
    enabled?: boolean;
    persist?: 'memory' | 'indexeddb' | 'custom';
    maxRecords?: number;
    sanitizeRequest?: SanitizeRequest;
  };
  /** Default: pay any vendor behind baseUrl, one whole unit of its asset in total. */
  policy?: PaymentPolicy;
  /** The vendor's key when known, so the very first request carries vouchers; else the first 402 sets it. */
  vendor?: VendorKey;
  /** Streamed request bodies are buffered up to this many bytes for the retry (http-body.ts). */
  maxReplayBodyBytes?: number;
  /** Where failing transaction-log writes are reported; default console.error. */
  onLogError?: (error: unknown) => void;
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

/** One sent request: its response, and the payment outcome once the record is final. */
interface Exchange {
  response: Response;
  clientTxRef: string;
  settled: Promise<PaymentSnapshot | undefined>;
}

export async function createHttpClient(options: HttpClientOptions): Promise<HttpClient> {
  const log = options.transactionLog ?? {};
  // Seed 003: IndexedDB where it exists (browser, worker), else a bounded memory store.
  const store =
    options.transactionStore ??
    createTransactionStore({ ...(log.persist ? { persist: log.persist } : {}), ...(log.maxRecords ? { maxRecords: log.maxRecords } : {}) });
  const transactions = new TransactionLog(store, log.enabled ?? true, log.sanitizeRequest, options.onLogError ?? console.error);
  // Vouchers must outlive the process where they can: a client that forgot its vouchers would
  // sign nonce 0 again, and the vendor refuses different content under a known nonce.
  const voucherState =
    options.voucherState ?? (globalThis.indexedDB !== undefined ? new IndexedDbVoucherStateStore() : new MemoryVoucherStateStore());
  const issuer = new VoucherIssuer({ state: voucherState, signer: options.signer, policy: options.policy ?? createDefaultPolicy() });
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const base = options.baseUrl.replace(/\/+$/, '');
  let vendorKey: VendorKey | null = options.vendor ?? null;

  const urlOf = (path: string) => (/^https?:\/\//i.test(path) ? path : `${base}${path.startsWith('/') ? '' : '/'}${path}`);

  async function assetOf(key: VendorKey | null): Promise<Asset | undefined> {
    return key ? (await voucherState.get(key))?.asset : undefined;
  }

  async function send(method: string, path: string, init: PayerRequestInit = {}): Promise<Exchange> {
    const url = urlOf(path);
    const headers = headersRecord(init.headers);
    delete headers[VOUCHER_HEADER]; // the payer alone decides what vouchers a request carries
    const clientTxRef = clientTxRefFor(headers);
    headers[CLIENT_TX_REF_HEADER] = clientTxRef;
    const body = await replayableBody(init.body, options.maxReplayBodyBytes);
    const wantsStream = (headers.accept ?? '').includes('text/event-stream');
    const key = vendorKey;
    await transactions.request({
      method,
      url,
      headers,
      body,
      stream: wantsStream,
      clientTxRef,
      ...(key ? { channelId: key.vendor } : {}),
    });
    const startedAt = performance.now();
    /** Start of the attempt that gets paid: the wall time that bounds the vendor's measured time. */
    let attemptStartedAt = startedAt;
    const attempt = (voucherHeader: string | null) => {
      attemptStartedAt = performance.now();
      return doFetch(url, { ...init, method, body, headers: withVoucher(headers, voucherHeader) });
    };
    const fail = async (error: unknown): Promise<never> => {
      const aborted = init.signal?.aborted === true || (error as { name?: string })?.name === 'AbortError';
      const failure = aborted ? error : new PayerError('network_error', `request failed: ${String(error)}`, { url }, { cause: error });
      await transactions.error(clientTxRef, {
        code: aborted ? 'aborted' : 'network_error',
        message: error instanceof Error ? error.message : String(error),
      });
      throw failure;
    };

    let header = key ? await issuer.currentHeader(key) : null;
    let response = await attempt(header).catch(fail);
    if (isPaymentRequired(response)) {
      const text = await response.text().catch(fail);
      let decisionHeader: string;
      try {
        const requirements = parseRequirements(text);
        const decision = await issuer.onPaymentRequired(requirements, {
          sentNewestNonce: newestNonceOfHeader(header),
          ...(vendorKey ? { key: vendorKey } : {}),
        });
        if (!decision.ok) throw decision.error;
        vendorKey ??= decision.key;
        decisionHeader = decision.header;
      } catch (error) {
        const failure =
          error instanceof ProtocolParseError
            ? new PayerError('malformed_requirements', error.message, { field: error.field }, { cause: error })
            : error;
        await transactions.error(clientTxRef, {
          code: isPayerError(failure) ? failure.code : 'internal_error',
          message: failure instanceof Error ? failure.message : String(failure),
          statusCode: 402,
        });
        throw failure;
      }
      header = decisionHeader;
      response = await attempt(header).catch(fail);
      if (isPaymentRequired(response)) {
        // Exactly one retry: a vendor that still asks is answered by the caller, not by a loop.
        await transactions.error(clientTxRef, {
          code: 'second_payment_required',
          message: 'the vendor answered 402 to the request that carried the voucher it asked for',
          statusCode: 402,
        });
        return { response, clientTxRef, settled: Promise.resolve(undefined) };
      }
    }
    return settleResponse(response, clientTxRef, { startedAt, attemptStartedAt }, init.signal ?? undefined);
  }

  async function settleResponse(
    response: Response,
    clientTxRef: string,
    times: { startedAt: number; attemptStartedAt: number },
    signal?: AbortSignal,
  ): Promise<Exchange> {
    const key = vendorKey;
    const asset = await assetOf(key);
    const stream = (response.headers.get('content-type') ?? '').startsWith('text/event-stream');
    await transactions.headers(clientTxRef, {
      statusCode: response.status,
      durationMs: performance.now() - times.startedAt,
      stream,
      ...(key ? { channelId: key.vendor } : {}),
      ...(asset ? { assetId: assetIdOf(asset) } : {}),
    });

    const settleReceipt = async (parse: () => Receipt, bytes: number | undefined): Promise<PaymentSnapshot | undefined> => {
      const elapsedMs = performance.now() - times.attemptStartedAt;
      try {
        const receipt = parse();
        const outcome = key ? await issuer.onReceipt(key, receipt, bytes === undefined ? { elapsedMs } : { elapsedMs, bytes }) : undefined;
        const paidAt = new Date();
        await transactions.paid(clientTxRef, { receipt, paidAt, overcharge: outcome?.overcharge ?? null, ...(asset ? { asset } : {}) });
        return paymentSnapshotOf(receipt, asset, paidAt);
      } catch (error) {
        const code = isPayerError(error) ? error.code : 'malformed_receipt';
        await transactions.error(clientTxRef, { code, message: error instanceof Error ? error.message : String(error) });
        return undefined;
      }
    };

    const receiptHeader = response.headers.get(RECEIPT_HEADER);
    if (receiptHeader !== null) {
      const length = response.headers.get('content-length');
      const bytes = length !== null && /^[0-9]+$/.test(length) ? Number(length) : undefined;
      const payment = await settleReceipt(() => parseReceiptHeader(receiptHeader), bytes);
      return { response, clientTxRef, settled: Promise.resolve(payment) };
    }
    if (stream && response.body) {
      let receiptWork: Promise<PaymentSnapshot | undefined> | undefined;
      let resolveSettled!: (payment: PaymentSnapshot | undefined) => void;
      const settled = new Promise<PaymentSnapshot | undefined>((resolve) => (resolveSettled = resolve));
      const body = streamBodyWithReceipt(response.body, {
        onReceipt(data) {
          receiptWork ??= settleReceipt(() => parseReceiptEventData(data), undefined);
        },
        async onEnd() {
          if (receiptWork) return resolveSettled(await receiptWork);
          // The body is this stream, already read: the status alone describes an error.
          if (response.ok) await transactions.free(clientTxRef);
          else await transactions.error(clientTxRef, statusError(response));
          resolveSettled(undefined);
        },
        async onFailure(reason, cancelled) {
          if (receiptWork) return resolveSettled(await receiptWork);
          const aborted = signal?.aborted === true;
          await transactions.error(clientTxRef, {
            code: aborted ? 'aborted' : 'stream_aborted',
            message: cancelled ? `the reader cancelled the stream: ${String(reason)}` : `the stream failed: ${String(reason)}`,
          });
          resolveSettled(undefined);
        },
      });
      const filtered = new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
      return { response: filtered, clientTxRef, settled };
    }
    if (response.ok) await transactions.free(clientTxRef);
    else await transactions.error(clientTxRef, await httpError(response));
    return { response, clientTxRef, settled: Promise.resolve(undefined) };
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

function withVoucher(headers: Record<string, string>, voucherHeader: string | null): Record<string, string> {
  return voucherHeader === null ? headers : { ...headers, [VOUCHER_HEADER]: voucherHeader };
}

/** A 402 of this protocol; a 402 without the marker header is another scheme's, an HTTP error to us. */
function isPaymentRequired(response: Response): boolean {
  return response.status === 402 && response.headers.get(REQUIREMENTS_HEADER) !== null;
}

function statusError(response: Response): { code: string; message: string; statusCode: number } {
  return { code: 'http_error', message: `HTTP ${response.status} ${response.statusText}`.trim(), statusCode: response.status };
}

/** Error bodies up to this size are read (from a clone) for the vendor's protocol error code. */
const MAX_ERROR_BODY_BYTES = 16_384;

/**
 * An HTTP error for the record: the vendor's protocol code (e.g. nonce_conflict, invalid_signature)
 * when its small JSON body names one, so the log says why; else http_error.
 */
async function httpError(response: Response): Promise<{ code: string; message: string; statusCode: number }> {
  const fallback = statusError(response);
  const length = Number(response.headers.get('content-length') ?? Number.NaN);
  if (!isJson(response) || !(length <= MAX_ERROR_BODY_BYTES)) return fallback;
  const error = parseErrorBody(await response.clone().text());
  if (error?.paymentCode === undefined) return fallback;
  return { code: error.paymentCode, message: `HTTP ${response.status}: ${error.message}`, statusCode: response.status };
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
