// MAIN world, document_start. Imports only wire constants and the SSE filter: no viem here.
import { CLIENT_TX_REF_HEADER, RECEIPT_HEADER, REQUIREMENTS_HEADER, VOUCHER_HEADER } from '../protocol/constants';
import { createSseReceiptFilter } from '../payer/sse-receipt-filter';
import type { ForgetHeadersSignal } from './bridge-messages';
import { PORT_EVENT, READY_EVENT, type PortReply } from './handshake';
import type { PageInput, PageOutput, PageRequestType, RecordEvent, VendorHeader } from './page-api';

/**
 * Wraps window.fetch. Requests pass through untouched unless they go to a vendor approved for
 * this page (the cached x-voucher header is attached) or come back as this protocol's 402 (the
 * worker is asked for a header and the request is retried once). Lifecycle events go to the
 * worker batched, so a paid request in steady state waits for no message.
 *
 * A ReadableStream request body cannot be sent twice: such a request is sent once and its 402
 * is returned to the page; the worker is still asked, so the page's own retry carries the header.
 */
type Reply<T> = { ok: true; value: T } | { ok: false; code: string; message: string };
type Started = Extract<RecordEvent, { kind: 'started' }>;

const nativeFetch = window.fetch.bind(window);
const vendors = new Map<string, VendorHeader>();
const waiting = new Map<number, (reply: PortReply['reply']) => void>();
const POLL_MS = 1000;
const RETRY_MS = 200;
/** Reply codes of a worker that went away mid-request, not of a decision. */
const TRANSIENT = new Set(['worker_unreachable', 'no_reply']);
const MAX_FLUSH_ATTEMPTS = 5;
const APPROVAL_WAIT_MS = 5 * 60_000;
let port: MessagePort | undefined;
let nextId = 0;
let batch: RecordEvent[] = [];
let flushTimer: ReturnType<typeof setTimeout> | undefined;

function takePort(event: Event): void {
  const offered = (event as MessageEvent).ports?.[0];
  if (port || !offered) return;
  event.preventDefault();
  port = offered;
  window.removeEventListener(PORT_EVENT, takePort);
  port.onmessage = ({ data }: MessageEvent<PortReply | ForgetHeadersSignal>) => {
    if ('forgetHeaders' in data) {
      vendors.clear();
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

function record(event: RecordEvent): void {
  batch.push(event);
  flushTimer ??= setTimeout(() => flush(), 25);
}

function flush(attempt = 1): void {
  flushTimer = undefined;
  const events = batch;
  batch = [];
  if (events.length === 0) return;
  void ask('page.records', { events }).then((reply) => {
    if (reply.ok) return remember(reply.value.vendors);
    // The worker died with the batch: send it again rather than leave records pending. The worker
    // applies a batch idempotently (a record already paid ignores a second receipt).
    if (TRANSIENT.has(reply.code) && attempt < MAX_FLUSH_ATTEMPTS) {
      batch = [...events, ...batch];
      clearTimeout(flushTimer);
      flushTimer = setTimeout(() => flush(attempt + 1), RETRY_MS);
    }
  });
}

function newRef(): string {
  return crypto.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

async function describe(ref: string, url: string, method: string, headers: Headers, body: unknown): Promise<Started> {
  const started: Started = {
    kind: 'started',
    clientTxRef: ref,
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

function track(response: Response, ref: string, sentAt: number): Response {
  const stream = (response.headers.get('content-type') ?? '').includes('text/event-stream');
  record({ kind: 'headers', clientTxRef: ref, status: response.status, durationMs: Date.now() - sentAt, stream });
  const receipt = response.headers.get(RECEIPT_HEADER);
  if (receipt) record({ kind: 'receipt', clientTxRef: ref, source: 'header', value: receipt });
  if (!stream || !response.body) {
    record({ kind: 'finished', clientTxRef: ref });
    return response;
  }
  const reader = response.body
    .pipeThrough(createSseReceiptFilter((value) => record({ kind: 'receipt', clientTxRef: ref, source: 'sse', value })))
    .getReader();
  const fail = (code: string, reason: unknown) =>
    record({ kind: 'error', clientTxRef: ref, code, message: String(reason).slice(0, 500) });
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          record({ kind: 'finished', clientTxRef: ref });
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
  let started: Promise<Started> | undefined;
  if (vendor) {
    started = describe(ref, url.href, method, headers, body);
    void started.then(record);
  }
  let sentAt = Date.now();
  let response: Response;
  try {
    response = await (vendor ? send(input, vendor.header) : nativeFetch(input, init));
    if (response.status === 402 && response.headers.has(REQUIREMENTS_HEADER)) {
      const header = await pay(
        {
          url: url.href,
          status: 402,
          body: await response.clone().text(),
          sentNewestNonce: vendor?.newestNonce ?? null,
          clientTxRef: ref,
          durationMs: Date.now() - sentAt,
          started: await (started ?? describe(ref, url.href, method, headers, body)),
        },
        init?.signal ?? request?.signal,
      );
      if (!header || !replay) return response;
      sentAt = Date.now();
      response = await send(replay, header);
    } else if (!vendor) {
      return response;
    }
  } catch (error) {
    if (started) record({ kind: 'error', clientTxRef: ref, code: 'network_error', message: String(error).slice(0, 500) });
    throw error;
  }
  return track(response, ref, sentAt);
};
