import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Paywall, PaidHandler, PaidRoute } from '../paywall';
import { wholeBodyOf } from '../whole-body';
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

/** Writes a Fetch Response to node:http; a client that goes away cancels the body (a stream settles what it sent). */
export async function writeFetchResponse(res: ServerResponse, response: Response): Promise<void> {
  const headers: string[] = [];
  for (const [name, value] of response.headers) {
    if (name === 'set-cookie') continue;
    headers.push(name, value);
  }
  for (const cookie of response.headers.getSetCookie()) headers.push('set-cookie', cookie);
  const whole = wholeBodyOf(response);
  res.writeHead(response.status, response.statusText || undefined, headers);
  if (whole !== undefined || response.body === null) {
    res.end(whole);
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
