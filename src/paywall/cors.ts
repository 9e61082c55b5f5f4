import { CLIENT_TX_REF_HEADER, RECEIPT_HEADER, REQUIREMENTS_HEADER, STREAM_SETTLED_HEADER, VOUCHER_HEADER } from '../protocol';

/**
 * CORS for paid routes: any origin may call them with its voucher and read the receipt. The
 * vouchers authorise payment, not cookies, so no credentials are allowed.
 */
// retry-after: a 402 asks a payer with requests in flight to wait instead of signing (docs/protocol.md §7.1).
export const CORS_EXPOSED_HEADERS = [RECEIPT_HEADER, REQUIREMENTS_HEADER, STREAM_SETTLED_HEADER, CLIENT_TX_REF_HEADER, 'retry-after'].join(', ');
export const CORS_ALLOWED_HEADERS = [
  VOUCHER_HEADER,
  CLIENT_TX_REF_HEADER,
  'content-type',
  'accept',
  'mcp-protocol-version',
  'mcp-session-id',
].join(', ');

const TX_REF = /^[A-Za-z0-9_.:-]{1,128}$/;

/** The client's correlation id when it is a well-formed one; anything else is ignored. */
export function clientTxRefOf(request: Request): string | undefined {
  const ref = request.headers.get(CLIENT_TX_REF_HEADER);
  return ref !== null && TX_REF.test(ref) ? ref : undefined;
}

/** Sets the CORS headers and the client-tx-ref echo on a response's (mutable) headers. */
export function applyCors(request: Request, headers: Headers): void {
  headers.set('access-control-allow-origin', '*');
  headers.set('access-control-expose-headers', CORS_EXPOSED_HEADERS);
  const ref = clientTxRefOf(request);
  if (ref !== undefined) headers.set(CLIENT_TX_REF_HEADER, ref);
}

/** The answer to an OPTIONS preflight. */
export function preflightResponse(request: Request): Response {
  const headers = new Headers({
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    'access-control-allow-headers': CORS_ALLOWED_HEADERS,
    'access-control-max-age': '600',
  });
  applyCors(request, headers);
  return new Response(null, { status: 204, headers });
}
