import { encodeErrorBody, isApplicationErrorCode } from '../protocol';

/**
 * A client-caused failure with a machine-readable code; the router answers it, never a 500. The
 * code is an application one (app_…), so no payer mistakes it for a payment error.
 */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    if (!isApplicationErrorCode(code)) throw new TypeError(`application error codes start with app_: ${code}`);
  }
}

const JSON_TYPE = 'application/json; charset=utf-8';

/** JSON with bigints as decimal strings (atoms and nonces overflow JSON numbers). */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => (typeof item === 'bigint' ? item.toString() : item));
}

export function jsonResponse(status: number, value: unknown): Response {
  return new Response(toJson(value), { status, headers: { 'content-type': JSON_TYPE } });
}

export function errorResponse(error: HttpError): Response {
  return new Response(encodeErrorBody(error.code, error.message), { status: error.status, headers: { 'content-type': JSON_TYPE } });
}

export const MAX_BODY_BYTES = 1_000_000;

/** Reads a request body up to a limit; more is a 413, not memory exhaustion. */
export async function readBody(request: Request, limit = MAX_BODY_BYTES): Promise<Uint8Array<ArrayBuffer>> {
  if (request.body === null) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > limit) throw new HttpError(413, 'app_body_too_large', `request body over ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

/** A query parameter as an integer within bounds, or a 400 naming it. */
export function intParam(url: URL, name: string, min: number, max: number, fallback?: number): number {
  const text = url.searchParams.get(name);
  if (text === null && fallback !== undefined) return fallback;
  if (text === null || !/^[0-9]{1,10}$/.test(text)) {
    throw new HttpError(400, 'app_invalid_parameter', `${name} must be an integer from ${min} to ${max}`);
  }
  const value = Number(text);
  if (value < min || value > max) throw new HttpError(400, 'app_invalid_parameter', `${name} must be an integer from ${min} to ${max}`);
  return value;
}
