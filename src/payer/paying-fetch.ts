// Platform-free and viem-free: the page world bundles this, Node's createHttpClient runs it.
import { CLIENT_TX_REF_HEADER, RECEIPT_HEADER, REQUIREMENTS_HEADER, VOUCHER_HEADER } from '../protocol/constants';
import type { SanitizeRequest } from '../storage/privacy';
import { replayableRequest, type ReplayableBody } from './http-body';
import type { RecordEvent, RecordFailure, RecordRequest } from './record-model';
import { describeRequest } from './request-description';
import { streamBodyWithReceipt } from './stream-body';

/** The x-voucher header a request to one vendor carries now. */
export interface VendorHeader {
  vendorOrigin: string;
  header: string;
  /** Nonce of the newest voucher in `header`, so the issuer can tell a stale header on a 402. */
  newestNonce: bigint;
}

/** A vendor's 402 of this protocol, as the issuer is asked to pay it. */
export interface PaymentChallenge {
  url: string;
  vendorOrigin: string;
  /** The 402 body: the payment requirements. */
  body: string;
  /** The header the 402 answered; null when the request carried none. */
  sent: VendorHeader | null;
  /** The 402's Retry-After header (§7.1: credit held by requests in flight comes back), or null. */
  retryAfter?: string | null;
  clientTxRef: string;
  /** From send to the 402's headers. */
  durationMs: number;
  request: RecordRequest;
  signal: AbortSignal | undefined;
}

/**
 * `newestNonce` is the nonce of the newest voucher in `header`: with it, a retry that meets another
 * 402 is answered again (up to MAX_PAYMENT_ROUNDS); without it, one retry is all.
 */
export type ChallengeAnswer = { ok: true; header: string; newestNonce?: bigint } | { ok: false; failure: RecordFailure };

/**
 * 402s one request is answered at most. A 402 after a paid retry is answered again only when it or
 * the one before carried Retry-After (§7.1): a wait, then a voucher when waiting was not enough;
 * and an answer that shows what the vendor holds (isRecoveryAnswer: a nonce_conflict 403, or a
 * 402 listing heldVouchers) is answered (§5.1: the payer adopts it and continues). The bound keeps a vendor that keeps asking from making a loop.
 */
export const MAX_PAYMENT_ROUNDS = 8;

/**
 * Decides what a request carries. A Node client's signs in process. (The extension's worker
 * attaches headers itself with declarative rules and runs no paying fetch in pages.)
 */
export interface PaymentIssuer {
  /** The header for a request to this origin now, or null (the request goes as the caller made it). */
  currentHeader(vendorOrigin: string): VendorHeader | null | Promise<VendorHeader | null>;
  /** Requests to this origin are recorded from their start even before a header exists. Default: no. */
  paysVendorAt?(vendorOrigin: string): boolean;
  /** A 402 of this protocol: a header for the one retry, or why not. A throw is recorded and rethrown. */
  paymentRequired(challenge: PaymentChallenge): Promise<ChallengeAnswer>;
}

/** What is new about a request after its start. */
export type RecordPart = Omit<RecordEvent, 'clientTxRef' | 'request'>;

/**
 * Where a request's lifecycle goes, in order: `start` (a request to a known vendor) or
 * `challenged` (a 402 showed it is this protocol's traffic; the issuer has seen the request), then
 * `note`s until one carries `end`. The paying fetch waits for each call before the next.
 */
export interface PaymentRecorder {
  start(clientTxRef: string, vendorOrigin: string, request: RecordRequest): void | Promise<void>;
  challenged(clientTxRef: string, vendorOrigin: string, request: RecordRequest): void | Promise<void>;
  note(clientTxRef: string, part: RecordPart): void | Promise<void>;
}

export interface PayingFetchOptions {
  fetch: typeof globalThis.fetch;
  issuer: PaymentIssuer;
  recorder: PaymentRecorder;
  /** ms since the epoch; injected by tests. */
  now?: () => number;
  newClientTxRef?: () => string;
  /** Turns a streamed request body into bytes that can be sent twice (replayableBody); default: send it once. */
  bufferStream?: (stream: ReadableStream) => Promise<ReplayableBody>;
  sanitize?: SanitizeRequest;
  /** The failure of an HTTP error answer without a receipt; default: none, the status makes it http_error. */
  describeHttpError?(response: Response): Promise<RecordFailure | undefined>;
}

/**
 * An answer of this protocol that says how to pay: a 402, or a 403 nonce_conflict that shows the
 * vouchers the vendor holds (§5.1), both marked with x-voucher-required. A 402 without the marker
 * is another scheme's, an HTTP error to us.
 */
export function isPaymentRequired(response: Response): boolean {
  return response.headers.has(REQUIREMENTS_HEADER);
}

/**
 * An answer of this protocol about vouchers the vendor holds that a payer does not know it holds
 * (§5.1): a nonce_conflict 403, or a 402 whose body lists `heldVouchers` (voucher_spent to a
 * header behind the vendor's newest: a fresh profile that signed nonce 0 as the lost one did).
 * The payer adopts what it shows, so the round after it is answered too; the issuer checks the
 * vouchers, this only decides whether to ask.
 */
export function isRecoveryAnswer(status: number, body: string): boolean {
  if (status === 403) return true;
  try {
    const held = (JSON.parse(body) as { heldVouchers?: unknown } | null)?.heldVouchers;
    return Array.isArray(held) && held.length > 0;
  } catch {
    return false;
  }
}

/**
 * A fetch that pays: requests to a vendor carry the issuer's current header; this protocol's 402
 * asks the issuer to pay and is retried once when the body can be sent twice (otherwise the 402
 * goes back to the caller, whose own retry carries the header); a stream's in-band receipt is
 * taken out and reported; anything else passes through untouched and unrecorded.
 */
export function createPayingFetch(options: PayingFetchOptions): typeof globalThis.fetch {
  const { issuer, recorder } = options;
  const now = options.now ?? Date.now;
  const newRef = options.newClientTxRef ?? newClientTxRef;

  return async function payingFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const request = input instanceof Request ? input : undefined;
    let url: URL;
    try {
      url = new URL(request ? request.url : String(input), globalThis.location?.href);
    } catch {
      return options.fetch(input, init);
    }
    if (!/^https?:$/.test(url.protocol)) return options.fetch(input, init);
    const vendorOrigin = url.origin;
    let voucher = await issuer.currentHeader(vendorOrigin);
    const replay = await replayableRequest(input, init, options.bufferStream);
    const headers = new Headers(replay.init?.headers ?? request?.headers);
    const clientTxRef = headers.get(CLIENT_TX_REF_HEADER)?.trim() || newRef();
    const method = (replay.init?.method ?? request?.method ?? 'GET').toUpperCase();
    const signal = replay.init?.signal ?? request?.signal ?? undefined;

    let described: Promise<RecordRequest> | undefined;
    const describe = () =>
      (described ??= describeRequest({
        url: url.href,
        method,
        headers,
        body: replay.body,
        at: now(),
        ...(options.sanitize ? { sanitize: options.sanitize } : {}),
      }));
    // Recorder calls in order; the request's description is computed while it is on the wire.
    // Recording is bookkeeping: a recorder that fails never fails the request it describes.
    let log: Promise<void> | undefined;
    const record = (step: () => void | Promise<void>) => {
      if (log) log = log.then(step).catch(recordingFailed);
    };
    if (voucher || issuer.paysVendorAt?.(vendorOrigin)) {
      log = describe()
        .then((info) => recorder.start(clientTxRef, vendorOrigin, info))
        .catch(recordingFailed);
    }
    let ended = false;
    const finish = async (part: RecordPart) => {
      ended = true;
      record(() => recorder.note(clientTxRef, part));
      await log;
    };

    let sentAt = now();
    const send = (target: RequestInfo | URL, voucherHeader: string | null) => {
      sentAt = now();
      if (voucherHeader === null) return options.fetch(target, replay.init);
      const withVoucher = new Headers(headers);
      withVoucher.set(VOUCHER_HEADER, voucherHeader);
      return options.fetch(target, { ...replay.init, headers: withVoucher });
    };

    let response: Response;
    try {
      response = await send(replay.input, voucher?.header ?? null);
      if (isPaymentRequired(response)) {
        const durationMs = now() - sentAt;
        const info = await describe();
        log ??= Promise.resolve();
        record(() => recorder.challenged(clientTxRef, vendorOrigin, info));
        const challenged = { status: response.status, durationMs, stream: false };
        for (let round = 1; ; round++) {
          let decision: ChallengeAnswer;
          const retryAfter = response.headers.get('retry-after');
          try {
            const body = await response.clone().text();
            decision = await issuer.paymentRequired({ url: url.href, vendorOrigin, body, sent: voucher, retryAfter, clientTxRef, durationMs, request: info, signal });
          } catch (error) {
            const code = codeOf(error) ?? (signal?.aborted ? 'aborted' : 'internal_error');
            await finish({ response: challenged, end: { error: failureOf(error, code) } });
            throw error;
          }
          if (!decision.ok || !replay.again) {
            const failure = decision.ok ? { code: 'payment_required', message: 'the body cannot be sent twice: the caller retries' } : decision.failure;
            await finish({ response: challenged, end: { error: failure } });
            return response;
          }
          // A Request's body goes once per clone: the original stays for a further round.
          response = await send(replay.again instanceof Request ? replay.again.clone() : replay.again, decision.header);
          if (!isPaymentRequired(response)) break;
          // Another round after a wait (the retry may now need a voucher) or before one, or for an
          // answer that shows the vouchers a lost state forgot (§5.1); never two payments.
          const again = retryAfter || response.headers.get('retry-after') || isRecoveryAnswer(response.status, await response.clone().text());
          if (decision.newestNonce == null || round === MAX_PAYMENT_ROUNDS || !again) {
            // A vendor that still asks is answered by the caller, not by a loop.
            const message = 'the vendor answered 402 to the paid retry';
            await finish({ response: { ...challenged, durationMs: now() - sentAt }, end: { error: { code: 'second_payment_required', message } } });
            return response;
          }
          voucher = { ...decision, vendorOrigin } as VendorHeader;
        }
      } else if (!log) {
        return response;
      }
    } catch (error) {
      if (log && !ended) {
        const aborted = signal?.aborted === true || (error as { name?: unknown })?.name === 'AbortError';
        await finish({ end: { error: failureOf(error, aborted ? 'aborted' : 'network_error') } });
      }
      throw error;
    }
    return track(response);

    /** Reports the response; a stream's body is watched for its receipt and its end. */
    async function track(answer: Response): Promise<Response> {
      const stream = (answer.headers.get('content-type') ?? '').includes('text/event-stream');
      const durationMs = now() - sentAt;
      const part: RecordPart = { response: { status: answer.status, durationMs, stream } };
      const receipt = answer.headers.get(RECEIPT_HEADER);
      if (receipt !== null) {
        const length = answer.headers.get('content-length');
        part.receipt = { source: 'header', value: receipt, elapsedMs: durationMs };
        if (length !== null && /^[0-9]+$/.test(length)) part.receipt.bytes = Number(length);
      }
      if (!stream || !answer.body) {
        const error = receipt === null && !answer.ok ? await options.describeHttpError?.(answer) : undefined;
        await finish({ ...part, end: error ? { error } : {} });
        return answer;
      }
      record(() => recorder.note(clientTxRef, part));
      await log;
      const body = streamBodyWithReceipt(answer.body, {
        onReceipt(value) {
          record(() => recorder.note(clientTxRef, { receipt: { source: 'sse', value, elapsedMs: now() - sentAt } }));
        },
        onEnd: () => finish({ end: {} }),
        onFailure(reason, cancelled) {
          const code = signal?.aborted ? 'aborted' : 'stream_aborted';
          const message = cancelled ? `the reader cancelled the stream: ${String(reason)}` : `the stream failed: ${String(reason)}`;
          return finish({ end: { error: { code, message: message.slice(0, 500) } } });
        },
      });
      const wrapped = new Response(body, { status: answer.status, statusText: answer.statusText, headers: answer.headers });
      for (const name of ['url', 'redirected', 'type'] as const) Object.defineProperty(wrapped, name, { value: answer[name] });
      return wrapped;
    }
  };
}

function recordingFailed(error: unknown): void {
  console.warn('voucher wallet: recording failed', error);
}

function failureOf(error: unknown, code: string): RecordFailure {
  return { code, message: (error instanceof Error ? error.message : String(error)).slice(0, 500) };
}

/** A typed error's snake_case code (a PayerError's), if it has one. */
function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && /^[a-z][a-z0-9_]{0,63}$/.test(code) ? code : undefined;
}

function newClientTxRef(): string {
  return crypto.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}
