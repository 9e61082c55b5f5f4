import type { ServerResponse } from 'node:http';
import type { NextFunction, Request as ExpressRequest, RequestHandler, Response as ExpressResponse } from 'express';
import { preflightResponse } from '../cors';
import { selectPaidRoute, type PaidRoutes } from '../paid-routes';
import type { Paywall } from '../paywall';
import { toFetchRequest, writeFetchResponse } from './node-http';

/**
 * Express: `app.use(paymentMiddleware(paywall, { 'GET /api/echo': { approxCost: 100n } }))`.
 * A paid request runs the rest of the Express chain with its output captured into a Fetch
 * Response, which the paywall charges and answers (the receipt header, or the final event of a
 * text/event-stream); the route's handlers are ordinary Express handlers. Unpaid routes pass
 * through untouched. The capture does not apply backpressure to the handlers.
 */
export function paymentMiddleware(paywall: Paywall, routes: PaidRoutes): RequestHandler {
  return (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    const request = toFetchRequest(req, { body: false });
    const preflightFor = req.method === 'OPTIONS' ? req.headers['access-control-request-method'] : undefined;
    if (preflightFor !== undefined) {
      if (selectPaidRoute(routes, request, preflightFor, req.path) === undefined) return next();
      writeFetchResponse(res, preflightResponse(request)).catch(next);
      return;
    }
    const route = selectPaidRoute(routes, request, req.method, req.path);
    if (route === undefined) return next();
    const restore = captureOutput(res);
    paywall
      .handle(request, route, () => {
        next();
        return restore.response;
      })
      .then(async (response) => {
        restore.undo();
        await writeFetchResponse(res, response);
      })
      .catch((error: unknown) => {
        restore.undo();
        next(error);
      });
  };
}

type Chunk = string | Uint8Array;

/** Redirects res.writeHead/write/end into a Fetch Response, resolved when the handler starts answering. */
function captureOutput(res: ServerResponse): { response: Promise<Response>; undo(): void } {
  const original = { writeHead: res.writeHead, write: res.write, end: res.end };
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let open = true;
  const body = new ReadableStream<Uint8Array>({
    start: (c) => void (controller = c),
    cancel: () => void (open = false),
  });
  let resolve!: (response: Response) => void;
  const response = new Promise<Response>((r) => (resolve = r));
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    const headers = new Headers();
    for (const [name, value] of Object.entries(res.getHeaders())) {
      if (value === undefined) continue;
      for (const each of Array.isArray(value) ? value : [String(value)]) headers.append(name, each);
    }
    for (const name of res.getHeaderNames()) res.removeHeader(name);
    resolve(new Response(body, { status: res.statusCode, headers }));
  };
  const push = (chunk: unknown) => {
    if (!open || chunk === undefined || chunk === null || typeof chunk === 'function') return;
    controller.enqueue(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Uint8Array));
  };
  const capture = res as unknown as Record<'writeHead' | 'write' | 'end', (...args: unknown[]) => unknown>;
  capture.writeHead = (status: unknown, ...rest: unknown[]) => {
    res.statusCode = status as number;
    const headers = rest.find((arg) => typeof arg === 'object' && arg !== null) as Record<string, string> | undefined;
    for (const [name, value] of Object.entries(headers ?? {})) res.setHeader(name, value);
    start();
    return res;
  };
  capture.write = (chunk: unknown) => {
    start();
    push(chunk as Chunk);
    return true;
  };
  capture.end = (chunk?: unknown) => {
    start();
    push(chunk as Chunk);
    if (open) controller.close();
    open = false;
    return res;
  };
  return {
    response,
    undo: () => Object.assign(res, original),
  };
}
