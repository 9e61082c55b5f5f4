import type { IncomingMessage } from 'node:http';
import { HttpError } from '../http';
import type { RouteHandler } from './context';

const MAX_Q_LENGTH = 1000;

function echoBody(req: IncomingMessage, url: URL): string {
  const q = url.searchParams.get('q') ?? '';
  if (q.length > MAX_Q_LENGTH) throw new HttpError(400, 'invalid_parameter', `q must be at most ${MAX_Q_LENGTH} characters`);
  return JSON.stringify({ echo: q, method: req.method, at: new Date().toISOString() });
}

/** GET /api/echo?q= — a small paid JSON answer. */
export const paidEcho: RouteHandler = async (req, res, url, ctx) => {
  const body = echoBody(req, url);
  await ctx.gate.serve(req, res, ctx.config.approxCost.echo, async () => ({
    status: 200,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body,
  }));
};

/** GET /free/echo?q= — the same answer unpaid, to measure what payment costs (bench/vendor.ts). */
export const freeEcho: RouteHandler = async (req, res, url) => {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
  res.end(echoBody(req, url));
};

