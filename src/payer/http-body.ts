import { PayerError } from './errors';

/**
 * Request bodies for a payer that may have to send a request twice (402 → pay → retry once).
 * Strings, buffers, Blobs, URLSearchParams and FormData can be given to fetch again as they are.
 * A ReadableStream can be read only once, so it is buffered first, up to
 * DEFAULT_MAX_REPLAY_BODY_BYTES; a larger stream is refused before anything is sent (code
 * request_body_too_large): sending it without a way to retry would fail on any 402.
 */
export const DEFAULT_MAX_REPLAY_BODY_BYTES = 1_048_576;

export type ReplayableBody = Exclude<BodyInit, ReadableStream> | null | undefined;

export async function replayableBody(
  body: BodyInit | null | undefined,
  maxBytes: number = DEFAULT_MAX_REPLAY_BODY_BYTES,
): Promise<ReplayableBody> {
  if (!(body instanceof ReadableStream)) return body;
  const reader = (body as ReadableStream<Uint8Array>).getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel('request body too large to replay');
      throw new PayerError('request_body_too_large', `a streamed request body is buffered for a possible retry; it exceeds ${maxBytes} bytes`, {
        maxBytes,
      });
    }
    parts.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.byteLength;
  }
  return bytes;
}

/** A request as the paying fetch sends it: the first time, and again once paid. */
export interface ReplayableRequest {
  input: RequestInfo | URL;
  init: RequestInit | undefined;
  /** The body the caller gave, for the record's description (undefined for a Request's own body). */
  body: unknown;
  /** What a retry sends, or null when the body cannot be sent twice. */
  again: RequestInfo | URL | null;
}

/**
 * What can be sent a second time: an init body unless it is a stream, which `bufferStream` (Node:
 * replayableBody) turns into bytes; without it a stream is sent once (the page world, where a
 * streamed upload must stay a stream). A Request's own body is kept by cloning the Request
 * before the first send.
 */
export async function replayableRequest(
  input: RequestInfo | URL,
  init: RequestInit | undefined,
  bufferStream?: (stream: ReadableStream) => Promise<ReplayableBody>,
): Promise<ReplayableRequest> {
  let body: unknown = init?.body ?? undefined;
  if (body instanceof ReadableStream) {
    if (!bufferStream) return { input, init, body: undefined, again: null };
    body = await bufferStream(body);
    init = { ...init, body: body as BodyInit };
  }
  const request = input instanceof Request ? input : undefined;
  const again = request && body === undefined && request.body ? request.clone() : input;
  return { input, init, body, again };
}
