// MAIN world, document_start. Imports only wire constants and the SSE filter: no viem here.
import { CLIENT_TX_REF_HEADER, RECEIPT_HEADER, REQUIREMENTS_HEADER, VOUCHER_HEADER } from '../protocol/constants';
import { createSseReceiptFilter } from '../payer/sse-receipt-filter';
import type { ForgetHeadersSignal } from './bridge-messages';
import { PORT_EVENT, READY_EVENT, type PortReply } from './handshake';
import type { PageInput, PageOutput, PageRequestType, RecordEvent, RecordRequest, VendorHeader } from './page-api';

/**
 * Wraps window.fetch. Requests pass through untouched unless they go to a vendor approved for
 * this page (the cached x-voucher header is attached) or come back as this protocol's 402 (the
 * worker is asked for a header and the request is retried once). What happens to a request goes
 * to the worker batched, so a paid request in steady state waits for no message, and coalesced:
 * a request answered within one batch window is one event, which the worker writes once.
 *
 * A ReadableStream request body cannot be sent twice: such a request is sent once and its 402
 * is returned to the page; the worker is still asked, so the page's own retry carries the header.
 */
type Reply<T> = { ok: true; value: T } | { ok: false; code: string; message: string };
type Part = Omit<RecordEvent, 'clientTxRef'>;

/** One vendor request's record as the page tells it: what the worker has not heard yet. */
interface Tracked {
  ref: string;
  vendorOrigin: string;
  unsent: RecordEvent | null;
  /** The unsent part goes with the next batch (otherwise it waits for more to coalesce with). */
  due: boolean;
  /** Holds a receipt the worker wants promptly. */
  prompt: boolean;
  ended: boolean;
  announce?: ReturnType<typeof setTimeout>;
}

const nativeFetch = window.fetch.bind(window);
const vendors = new Map<string, VendorHeader>();
const waiting = new Map<number, (reply: PortReply['reply']) => void>();
const POLL_MS = 1000;
const RETRY_MS = 200;
/** Reply codes of a worker that went away mid-request, not of a decision. */
const TRANSIENT = new Set(['worker_unreachable', 'no_reply']);
const MAX_FLUSH_ATTEMPTS = 5;
const APPROVAL_WAIT_MS = 5 * 60_000;
/** A receipt of a vendor whose credit is near a top-up (or not known yet) waits at most this. */
const PROMPT_FLUSH_MS = 25;
/**
 * Anything else waits up to this for more to batch with: the worker's storage work is mostly
 * per batch, and while it runs, the page's own fetches are slower.
 */
const FLUSH_MS = 250;
/** The worker's limit on one batch. */
const MAX_BATCH = 256;
/**
 * A request still running after this is told to the worker before it ends, so its record exists
 * (and is swept as interrupted if the page goes away). Shorter ones are told once, when answered.
 */
const ANNOUNCE_AFTER_MS = 250;
const BATCH_REPLY_MS = 10_000;
let port: MessagePort | undefined;
let nextId = 0;
/** Requests with unsent parts, in the order they started. */
const tracked = new Set<Tracked>();
/** Events of a batch the worker did not take (it died): they go first in the next one. */
let resend: RecordEvent[] = [];
let flushTimer: ReturnType<typeof setTimeout> | undefined;
let flushAt = 0;
/** Vendors whose receipts the worker said may wait (credit far from a top-up). */
const relaxed = new Set<string>();
/** A batch is with the worker. */
let sending = false;

function takePort(event: Event): void {
  const offered = (event as MessageEvent).ports?.[0];
  if (port || !offered) return;
  event.preventDefault();
  port = offered;
  window.removeEventListener(PORT_EVENT, takePort);
  port.onmessage = ({ data }: MessageEvent<PortReply | ForgetHeadersSignal>) => {
    if ('forgetHeaders' in data) {
      vendors.clear();
      relaxed.clear();
      return;
    }
    waiting.get(data.id)?.(data.reply);
    waiting.delete(data.id);
  };
}
window.addEventListener(PORT_EVENT, takePort);
window.dispatchEvent(new Event(READY_EVENT));

function ask<T extends PageRequestType>(type: T, input: PageInput<T>): Promise<Reply<PageOutput<T>>> {
  const target = port;
  if (!target) return Promise.resolve({ ok: false, code: 'no_bridge', message: 'no wallet bridge' });
  const id = nextId++;
  return new Promise((resolve) => {
    waiting.set(id, resolve as (reply: PortReply['reply']) => void);
    target.postMessage({ id, type, input });
  });
}

function remember(list: VendorHeader[]): void {
  for (const vendor of list) vendors.set(vendor.vendorOrigin, vendor);
}

const hello = ask('page.hello', {}).then((reply) => reply.ok && remember(reply.value.vendors));
const ready = Promise.race([hello, new Promise((resolve) => setTimeout(resolve, 2000))]);

function trackRequest(ref: string, vendorOrigin: string, request: RecordRequest | null): Tracked {
  const entry: Tracked = { ref, vendorOrigin, unsent: null, due: false, prompt: false, ended: false };
  if (request) {
    note(entry, { request }, false);
    entry.announce = setTimeout(() => note(entry, {}, true), ANNOUNCE_AFTER_MS);
  }
  return entry;
}

/** page.paymentRequired created the record from the request: later events need not carry it. */
function requestKnown(entry: Tracked): Tracked {
  clearTimeout(entry.announce);
  if (entry.unsent) {
    delete entry.unsent.request;
    if (Object.keys(entry.unsent).length === 1) {
      entry.unsent = null;
      tracked.delete(entry);
    }
  }
  return entry;
}

/** Adds to what the worker will hear about a request; `due` (or the end) sends it with the next batch. */
function note(entry: Tracked, part: Part, due: boolean): void {
  if (entry.ended) return;
  entry.unsent = { ...(entry.unsent ?? { clientTxRef: entry.ref }), ...part };
  if (part.end) {
    entry.ended = true;
    clearTimeout(entry.announce);
  }
  entry.due ||= due || entry.ended;
  entry.prompt ||= part.receipt !== undefined && !relaxed.has(entry.vendorOrigin);
  tracked.add(entry);
  if (entry.due) scheduleFlush(entry.prompt);
}

/**
 * One batch at a time: while the worker applies one, the next grows. A busy worker thus gets
 * fewer, larger batches (its storage work is per batch) instead of a queue of small ones.
 */
function scheduleFlush(prompt: boolean): void {
  if (sending) return;
  const at = Date.now() + (prompt ? PROMPT_FLUSH_MS : FLUSH_MS);
  if (flushTimer !== undefined && flushAt <= at) return;
  clearTimeout(flushTimer);
  flushAt = at;
  flushTimer = setTimeout(flush, at - Date.now());
}

function takeDue(): RecordEvent[] {
  const events = resend.splice(0, MAX_BATCH);
  for (const entry of tracked) {
    if (events.length >= MAX_BATCH) break;
    if (!entry.due) continue;
    events.push(entry.unsent!);
    clearTimeout(entry.announce);
    entry.unsent = null;
    entry.due = false;
    entry.prompt = false;
    tracked.delete(entry);
  }
  return events;
}

function flush(attempt = 1): void {
  clearTimeout(flushTimer);
  flushTimer = undefined;
  const events = takeDue();
  if (events.length === 0) return;
  sending = true;
  // A batch never answered (the bridge went away) must not hold back every later one.
  const unanswered = new Promise<Reply<never>>((resolve) =>
    setTimeout(() => resolve({ ok: false, code: 'no_reply', message: 'no reply' }), BATCH_REPLY_MS),
  );
  void Promise.race([ask('page.records', { events }), unanswered]).then((reply) => {
    sending = false;
    if (reply.ok) {
      remember(reply.value.vendors);
      for (const { vendorOrigin, prompt } of reply.value.receiptPace) {
        if (prompt) relaxed.delete(vendorOrigin);
        else relaxed.add(vendorOrigin);
      }
    }
    // The worker died with the batch: send it again rather than leave records pending. The worker
    // applies a batch idempotently (a record already paid ignores a second receipt).
    else if (TRANSIENT.has(reply.code) && attempt < MAX_FLUSH_ATTEMPTS) {
      resend = [...events, ...resend];
      clearTimeout(flushTimer);
      flushAt = Date.now() + RETRY_MS;
      flushTimer = setTimeout(() => flush(attempt + 1), RETRY_MS);
      return;
    }
    const due = [...tracked].filter((entry) => entry.due);
    if (resend.length > 0 || due.length > 0) scheduleFlush(resend.length > 0 || due.some((entry) => entry.prompt));
  });
}

// A page going away sends what it has at once, running requests included, even with a batch in
// flight: best effort, the bridge may not get to relay it.
window.addEventListener('pagehide', () => {
  for (const entry of tracked) entry.due = true;
  flush();
});

function newRef(): string {
  return crypto.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

async function describe(url: string, method: string, headers: Headers, body: unknown): Promise<RecordRequest> {
  const started: RecordRequest = {
    at: Date.now(),
    method,
    url,
    headersSummary: {},
    stream: (headers.get('accept') ?? '').includes('text/event-stream'),
    protocol: 'http',
  };
  for (const name of ['content-type', 'accept', CLIENT_TX_REF_HEADER]) {
    const value = headers.get(name);
    if (value !== null) started.headersSummary[name] = value;
  }
  let bytes: Uint8Array | undefined;
  if (typeof body === 'string') bytes = new TextEncoder().encode(body);
  else if (body instanceof URLSearchParams) bytes = new TextEncoder().encode(String(body));
  else if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) bytes = new Uint8Array(body instanceof ArrayBuffer ? body : body.buffer.slice(0));
  else if (body instanceof Blob) bytes = new Uint8Array(await body.arrayBuffer());
  if (bytes) {
    started.bodySize = bytes.byteLength;
    // crypto.subtle exists only in secure contexts; elsewhere the size alone is recorded.
    const digest = await crypto.subtle?.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
    if (digest) started.bodyHash = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
    try {
      const rpc = JSON.parse(new TextDecoder().decode(bytes));
      if (rpc?.jsonrpc === '2.0' && typeof rpc.method === 'string') {
        started.protocol = 'mcp';
        started.operation = rpc.method.slice(0, 256);
      }
    } catch {
      // not JSON: plain HTTP
    }
  }
  return started;
}

/** Asks the worker to pay; polls while the user decides. Null: refused, the page gets the 402. */
async function pay(input: PageInput<'page.paymentRequired'>, signal: AbortSignal | null | undefined) {
  const until = Date.now() + APPROVAL_WAIT_MS;
  for (;;) {
    const reply = await ask('page.paymentRequired', input);
    // A worker killed while answering leaves no reply; the next message wakes a new one, and a
    // repeated ask is safe (a voucher it had signed is resent, not signed again).
    if (!reply.ok && TRANSIENT.has(reply.code) && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      continue;
    }
    if (!reply.ok) return null;
    if ('paid' in reply.value) {
      remember([reply.value.paid]);
      return reply.value.paid.header;
    }
    if (Date.now() > until) return null;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    signal?.throwIfAborted();
  }
}

/** Tells the worker about the response; a stream's body is watched for its receipt and its end. */
function track(response: Response, log: Promise<Tracked>, sentAt: number): Response {
  const stream = (response.headers.get('content-type') ?? '').includes('text/event-stream');
  const durationMs = Date.now() - sentAt;
  const receipt = response.headers.get(RECEIPT_HEADER);
  const part: Part = { response: { status: response.status, durationMs, stream } };
  if (receipt) part.receipt = { source: 'header', value: receipt, elapsedMs: durationMs };
  const later = (make: () => Part) => void log.then((entry) => note(entry, make(), true));
  if (!stream || !response.body) {
    part.end = {};
    later(() => part);
    return response;
  }
  later(() => part);
  const reader = response.body
    .pipeThrough(
      createSseReceiptFilter((value) => later(() => ({ receipt: { source: 'sse', value, elapsedMs: Date.now() - sentAt } }))),
    )
    .getReader();
  const fail = (code: string, reason: unknown) => later(() => ({ end: { error: { code, message: String(reason).slice(0, 500) } } }));
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          later(() => ({ end: {} }));
          controller.close();
        } else controller.enqueue(value);
      } catch (error) {
        fail('stream_aborted', error);
        controller.error(error);
      }
    },
    cancel(reason) {
      fail('aborted', reason ?? 'cancelled by the page');
      return reader.cancel(reason);
    },
  });
  const wrapped = new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  for (const name of ['url', 'redirected', 'type'] as const) Object.defineProperty(wrapped, name, { value: response[name] });
  return wrapped;
}

window.fetch = async function fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const request = input instanceof Request ? input : undefined;
  let url: URL;
  try {
    url = new URL(request ? request.url : String(input), location.href);
  } catch {
    return nativeFetch(input, init);
  }
  if (!/^https?:$/.test(url.protocol)) return nativeFetch(input, init);
  await ready;
  const body = init?.body ?? undefined;
  // What can be sent a second time: the init body is reusable unless it is a stream; a Request's
  // own body is kept by cloning it before the first send.
  const replay = body instanceof ReadableStream ? null : request && !body && request.body ? request.clone() : input;
  const headers = new Headers(init?.headers ?? request?.headers);
  const send = (target: RequestInfo | URL, header: string) => {
    const withVoucher = new Headers(headers);
    withVoucher.set(VOUCHER_HEADER, header);
    return nativeFetch(target, { ...init, headers: withVoucher });
  };
  const vendor = vendors.get(url.origin);
  const ref = headers.get(CLIENT_TX_REF_HEADER) ?? newRef();
  const method = (init?.method ?? request?.method ?? 'GET').toUpperCase();
  // The request's record; set once the request is known to be this protocol's traffic.
  let described: Promise<RecordRequest> | undefined;
  let log: Promise<Tracked> | undefined;
  if (vendor) {
    described = describe(url.href, method, headers, body);
    log = described.then((info) => trackRequest(ref, url.origin, info));
  }
  const end = (part: Part) => void log?.then((entry) => note(entry, part, true));
  let sentAt = Date.now();
  let response: Response;
  try {
    response = await (vendor ? send(input, vendor.header) : nativeFetch(input, init));
    if (response.status === 402 && response.headers.has(REQUIREMENTS_HEADER)) {
      const durationMs = Date.now() - sentAt;
      const info = await (described ?? describe(url.href, method, headers, body));
      log = log ? log.then(requestKnown) : Promise.resolve(trackRequest(ref, url.origin, null));
      const header = await pay(
        { url: url.href, status: 402, body: await response.clone().text(), sentNewestNonce: vendor?.newestNonce ?? null, clientTxRef: ref, durationMs, request: info },
        init?.signal ?? request?.signal,
      );
      if (!header || !replay) {
        end({
          response: { status: 402, durationMs, stream: false },
          end: { error: { code: 'payment_required', message: header ? 'the body cannot be sent twice: the page retries' : 'not paid' } },
        });
        return response;
      }
      sentAt = Date.now();
      response = await send(replay, header);
    } else if (!vendor) {
      return response;
    }
  } catch (error) {
    end({ end: { error: { code: 'network_error', message: String(error).slice(0, 500) } } });
    throw error;
  }
  return track(response, log!, sentAt);
};
