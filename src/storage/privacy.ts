// The constants module, not the protocol index: it has no imports, so page-world and content
// scripts can use these helpers without pulling in viem.
import { CLIENT_TX_REF_HEADER, RECEIPT_HEADER, REQUIREMENTS_HEADER, VOUCHER_HEADER } from '../protocol/constants';

/** Headers worth showing in the transaction log that reveal nothing secret. */
export const DEFAULT_HEADER_WHITELIST: readonly string[] = [
  'content-type',
  'accept',
  CLIENT_TX_REF_HEADER,
  REQUIREMENTS_HEADER,
  RECEIPT_HEADER,
];

/**
 * Never stored, whatever a caller adds to the whitelist: credentials, and the voucher header,
 * which carries signed vouchers that a vendor could redeem.
 */
export const NEVER_STORED_HEADERS: ReadonlySet<string> = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  VOUCHER_HEADER,
]);

export type HeaderInput = Headers | Record<string, string> | ReadonlyArray<readonly [string, string]>;

/** Keeps only whitelisted headers, names lower-cased; repeated headers are joined with ", " like Headers does. */
export function pickWhitelistedHeaders(
  headers: HeaderInput | undefined,
  extraAllowed: readonly string[] = [],
): Record<string, string> {
  const allowed = new Set([...DEFAULT_HEADER_WHITELIST, ...extraAllowed].map((h) => h.toLowerCase()));
  const picked: Record<string, string> = {};
  if (!headers) return picked;
  const entries =
    typeof (headers as Headers).forEach === 'function' && !Array.isArray(headers)
      ? collect(headers as Headers)
      : Array.isArray(headers)
        ? (headers as ReadonlyArray<readonly [string, string]>)
        : Object.entries(headers as Record<string, string>);
  for (const [rawName, value] of entries) {
    const name = rawName.toLowerCase();
    if (!allowed.has(name) || NEVER_STORED_HEADERS.has(name) || typeof value !== 'string') continue;
    picked[name] = picked[name] === undefined ? value : `${picked[name]}, ${value}`;
  }
  return picked;
}

function collect(headers: Headers): [string, string][] {
  const entries: [string, string][] = [];
  headers.forEach((value, name) => entries.push([name, value]));
  return entries;
}

export interface BodyDigest {
  /** SHA-256 of the bytes sent, lower-case hex (absent where WebCrypto is not available). */
  hash?: string;
  size: number;
}

/**
 * SHA-256 and size of a request body, via WebCrypto (Node 20, browsers, service workers).
 * Strings and URLSearchParams are hashed as the UTF-8 bytes fetch would send.
 * Returns undefined, storing nothing, for a missing body and for bodies whose bytes we cannot
 * know without harm: a ReadableStream (reading it would consume the request; teeing it would
 * buffer it all) and FormData (fetch picks the multipart boundary, so our bytes would differ).
 */
export async function hashBody(body: unknown): Promise<BodyDigest | undefined> {
  const bytes = await bodyBytes(body);
  if (!bytes) return undefined;
  // crypto.subtle exists only in secure contexts: a page served over plain http records the size alone.
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return { size: bytes.byteLength };
  const digest = await subtle.digest('SHA-256', bytes);
  return { hash: toHex(new Uint8Array(digest)), size: bytes.byteLength };
}

async function bodyBytes(body: unknown): Promise<Uint8Array<ArrayBuffer> | undefined> {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return new TextEncoder().encode(body);
  if (body instanceof URLSearchParams) return new TextEncoder().encode(body.toString());
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (ArrayBuffer.isView(body)) {
    // Copy: WebCrypto refuses views on a SharedArrayBuffer, and the caller may reuse its buffer.
    return new Uint8Array(body.buffer, body.byteOffset, body.byteLength).slice();
  }
  if (typeof Blob !== 'undefined' && body instanceof Blob) return new Uint8Array(await body.arrayBuffer());
  return undefined;
}

function toHex(bytes: Uint8Array): string {
  let hex = '';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return hex;
}

export interface SanitizedRequest {
  headersSummary?: Record<string, string>;
  requestBodyHash?: string;
  requestBodySize?: number;
}

/**
 * Hook a payer applies before recording a request (seed 003's `sanitizeRequest`). May be async,
 * because hashing with WebCrypto is. Whatever it returns is all that is stored of the request.
 */
export type SanitizeRequest = (
  headers: Record<string, string>,
  body?: unknown,
) => SanitizedRequest | Promise<SanitizedRequest>;

/** The default policy: whitelisted headers, body as hash and size only. */
export const defaultSanitizeRequest: SanitizeRequest = async (headers, body) => {
  const digest = await hashBody(body);
  return {
    headersSummary: pickWhitelistedHeaders(headers),
    ...(digest?.hash !== undefined ? { requestBodyHash: digest.hash } : {}),
    ...(digest ? { requestBodySize: digest.size } : {}),
  };
};
