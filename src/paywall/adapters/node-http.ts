import { STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { encodeErrorBody } from '../../protocol';
import { CORS_EXPOSED_HEADERS } from '../cors';
import type { Paywall, PaidHandler, PaidRoute } from '../paywall';
import { DELIVERY_CHUNK_BYTES, wholeBodyOf, type WholeBody } from '../whole-body';
import { lazyRequest } from './lazy-request';

/** Who is on the other end of a request: what a Fetch handler cannot read from the Request. */
export interface Connection {
  remoteAddress: string | undefined;
}

export type FetchHandler = (request: Request, connection: Connection) => Response | Promise<Response>;

/**
 * A node:http request as a Fetch Request (built lazily: see lazy-request.ts). It has no abort
 * signal: a handler learns that the client went away when its response stream is cancelled.
 * `body: false` leaves the request stream to something else (a framework's own handlers).
 */
export function toFetchRequest(req: IncomingMessage, options: { body?: boolean } = {}): Request {
  return lazyRequest(req, options.body !== false);
}

/**
 * Writes a Fetch Response to node:http; a client that goes away cancels the body (a stream settles
 * what it sent, a charged whole body is credited back what was not written).
 */
export async function writeFetchResponse(res: ServerResponse, response: Response): Promise<void> {
  const headers: string[] = [];
  for (const [name, value] of response.headers) {
    if (name === 'set-cookie') continue;
    headers.push(name, value);
  }
  for (const cookie of response.headers.getSetCookie()) headers.push('set-cookie', cookie);
  const whole = wholeBodyOf(response);
  res.writeHead(response.status, response.statusText || undefined, headers);
  if (whole?.delivered !== undefined && whole.bytes.byteLength > DELIVERY_CHUNK_BYTES) {
    await writeCharged(res, whole.bytes, whole.delivered);
    return;
  }
  if (whole !== undefined || response.body === null) {
    res.end(whole?.bytes);
    return;
  }
  const reader = response.body.getReader();
  // Awaited below, so the listener's promise covers the settlement a cancelled stream runs.
  let cancelled: Promise<void> | undefined;
  const cancel = () => {
    cancelled = reader.cancel().catch(() => undefined);
  };
  res.once('close', cancel);
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      if (res.destroyed) break;
      if (!res.write(value)) await new Promise<void>((resolve) => res.once('drain', resolve).once('close', resolve));
    }
  } catch {
    // The body failed: there is no status left to send, so the connection is cut.
    res.destroy();
  } finally {
    res.off('close', cancel);
  }
  if (!res.destroyed) res.end();
  else if (cancelled === undefined) cancel();
  await cancelled;
}

/**
 * A charged whole body in pieces, each after the previous one drained, so a client that goes away
 * (`close` before `finish`) leaves the rest unwritten; the report waits for one or the other.
 */
async function writeCharged(res: ServerResponse, bytes: Uint8Array, delivered: NonNullable<WholeBody['delivered']>): Promise<void> {
  const ended = new Promise<boolean>((resolve) => {
    res.once('finish', () => resolve(true));
    res.once('close', () => resolve(false));
  });
  let written = 0;
  while (written < bytes.byteLength && !res.destroyed) {
    const end = Math.min(written + DELIVERY_CHUNK_BYTES, bytes.byteLength);
    const drained = res.write(bytes.subarray(written, end));
    written = end;
    if (!drained) await Promise.race([new Promise((resolve) => res.once('drain', resolve)), ended]);
  }
  if (!res.destroyed) res.end();
  const finished = await ended;
  await delivered(finished ? bytes.byteLength : written);
}

/** A node:http request listener serving a Fetch handler. Its promise ends when the answer has been written. */
export function toNodeListener(handler: FetchHandler): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    const response = await handler(toFetchRequest(req), { remoteAddress: req.socket.remoteAddress });
    await writeFetchResponse(res, response);
  };
}

/** One paid route as a node:http listener: `createServer(paidListener(paywall, { approxCost: 100n }, handler))`. */
export function paidListener(paywall: Paywall, route: PaidRoute, handler: PaidHandler): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return toNodeListener((request) => paywall.handle(request, route, handler));
}

export interface ServerLimits {
  /** A socket with nothing read or written for this long is closed; default 30 s. */
  idleTimeoutMs?: number;
  /** Open connections at most; more are refused at accept; default 1024. */
  maxConnections?: number;
}

/**
 * What node:http does before any handler runs, made to answer like the rest of the vendor:
 * requests it cannot parse (headers over http.maxHeaderSize, bad syntax) get the protocol's JSON
 * error body with CORS headers instead of a bare status and a reset, and idle connections are
 * bounded and timed out, so a client that opens many and sends nothing cannot hold memory.
 */
export function applyServerLimits(server: Server, limits: ServerLimits = {}): void {
  const idleTimeoutMs = limits.idleTimeoutMs ?? 30_000;
  server.maxConnections = limits.maxConnections ?? 1024;
  server.timeout = idleTimeoutMs;
  server.keepAliveTimeout = Math.min(server.keepAliveTimeout, idleTimeoutMs);
  server.headersTimeout = Math.min(server.headersTimeout, idleTimeoutMs);
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => answerClientError(error, socket));
}

function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable || error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const oversized = error.code === 'HPE_HEADER_OVERFLOW';
  const status = oversized ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const body = oversized
    ? encodeErrorBody('app_request_headers_too_large', 'the request headers are over the server limit; a voucher header needs at most 8192 characters')
    : encodeErrorBody('app_bad_request', 'the request could not be read as HTTP');
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
      'content-type: application/json; charset=utf-8\r\n' +
      `content-length: ${Buffer.byteLength(body)}\r\n` +
      'access-control-allow-origin: *\r\n' +
      `access-control-expose-headers: ${CORS_EXPOSED_HEADERS}\r\n` +
      'connection: close\r\n\r\n' +
      body,
  );
}
