import { HttpError } from '../http';
import type { RouteHandler } from './context';

const MAX_Q_LENGTH = 1000;
const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };

function echoBody(request: Request, url: URL): string {
  const q = url.searchParams.get('q') ?? '';
  if (q.length > MAX_Q_LENGTH) throw new HttpError(400, 'app_invalid_parameter', `q must be at most ${MAX_Q_LENGTH} characters`);
  return JSON.stringify({ echo: q, method: request.method, at: new Date().toISOString() });
}

/** GET /api/echo?q= — a small paid JSON answer. */
export const paidEcho: RouteHandler = async (request, url, ctx) => {
  const body = echoBody(request, url);
  return ctx.paywall.handle(request, { approxCost: ctx.config.approxCost.echo }, () => new Response(body, { headers: JSON_HEADERS }));
};

/** GET /free/echo?q= — the same answer unpaid, to measure what payment costs (bench/vendor.ts). */
export const freeEcho: RouteHandler = async (request, url) => new Response(echoBody(request, url), { headers: JSON_HEADERS });
