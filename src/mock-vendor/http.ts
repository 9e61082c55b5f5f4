import type { IncomingMessage, ServerResponse } from 'node:http';
import { CLIENT_TX_REF_HEADER, RECEIPT_HEADER, REQUIREMENTS_HEADER, VOUCHER_HEADER, encodeErrorBody } from '../protocol';

/** A client-caused failure with a machine-readable code; the router answers it, never a 500. */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** JSON with bigints as decimal strings (atoms and nonces overflow JSON numbers). */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => (typeof item === 'bigint' ? item.toString() : item));
}

export function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const body = toJson(value);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

export function sendError(res: ServerResponse, error: HttpError): void {
  const body = encodeErrorBody(error.code, error.message);
  res.writeHead(error.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

export const MAX_BODY_BYTES = 1_000_000;

/** Reads a request body up to a limit; more is a 413, not memory exhaustion. */
export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new HttpError(413, 'body_too_large', `request body over ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * CORS: any origin may call the paid routes with its voucher and read the receipt. The
 * vouchers authorise payment, not cookies, so no credentials are allowed.
 */
export function applyCors(res: ServerResponse): void {
  res.setHeader('access-control-allow-origin', '*');
  res.setHeader('access-control-expose-headers', [RECEIPT_HEADER, REQUIREMENTS_HEADER, CLIENT_TX_REF_HEADER].join(', '));
}

export function answerPreflight(res: ServerResponse): void {
  res.writeHead(204, {
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    'access-control-allow-headers': [
      VOUCHER_HEADER,
      CLIENT_TX_REF_HEADER,
      'content-type',
      'accept',
      'mcp-protocol-version',
      'mcp-session-id',
    ].join(', '),
    'access-control-max-age': '600',
  });
  res.end();
}

const TX_REF = /^[A-Za-z0-9_.:-]{1,128}$/;

/** Echoes the client's correlation id when it is a well-formed one; anything else is ignored. */
export function echoClientTxRef(req: IncomingMessage, res: ServerResponse): void {
  const ref = req.headers[CLIENT_TX_REF_HEADER];
  if (typeof ref === 'string' && TX_REF.test(ref)) res.setHeader(CLIENT_TX_REF_HEADER, ref);
}

export function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

/** A query parameter as an integer within bounds, or a 400 naming it. */
export function intParam(url: URL, name: string, min: number, max: number, fallback?: number): number {
  const text = url.searchParams.get(name);
  if (text === null && fallback !== undefined) return fallback;
  if (text === null || !/^[0-9]{1,10}$/.test(text)) {
    throw new HttpError(400, 'invalid_parameter', `${name} must be an integer from ${min} to ${max}`);
  }
  const value = Number(text);
  if (value < min || value > max) throw new HttpError(400, 'invalid_parameter', `${name} must be an integer from ${min} to ${max}`);
  return value;
}
