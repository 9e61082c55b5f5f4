import { decodeBase64UrlText } from './codec';

/**
 * The voucher header and the receipt each have exactly one encoding: the one their encoder writes
 * (docs/protocol.md §2.1). A parser checks this by re-encoding what it read and comparing; these
 * functions only explain a mismatch, so they run on the failure path and may be slow.
 */

const BYTE_ORDER_MARK = '\uFEFF';

/** Text without a leading byte order mark, so that JSON.parse reads it and the canonical check names it. */
export function withoutByteOrderMark(text: string): string {
  return text.startsWith(BYTE_ORDER_MARK) ? text.slice(1) : text;
}

/** Why base64url JSON `received` is not `canonical`; both must decode. */
export function base64UrlJsonDifference(received: string, canonical: string): string {
  const receivedText = decodeBase64UrlText(received);
  const canonicalText = decodeBase64UrlText(canonical);
  if (receivedText === undefined || canonicalText === undefined) return 'must be base64url-encoded JSON';
  // The same bytes spelled differently: only the unused low bits of the last character can differ.
  if (receivedText === canonicalText) return 'non-canonical base64url: the unused bits of the last character must be zero';
  return jsonTextDifference(receivedText, canonicalText);
}

/** Why JSON text `received`, which parses to the same value as `canonical`, is not `canonical`. */
export function jsonTextDifference(received: string, canonical: string): string {
  if (received.startsWith(BYTE_ORDER_MARK)) return 'starts with a UTF-8 byte order mark';
  const duplicate = firstDuplicateKey(received);
  if (duplicate !== undefined) return `has the key "${duplicate}" twice`;
  let at = 0;
  while (at < received.length && received[at] === canonical[at]) at++;
  const char = received[at];
  if (char === undefined) return `ends at byte ${at}, before the canonical encoding does`;
  if (char === ' ' || char === '\t' || char === '\n' || char === '\r') return `has whitespace at byte ${at}`;
  if (char === '\\') return `has an escape sequence at byte ${at}; every character is written as itself`;
  return `has ${excerpt(received, at)} at byte ${at} where the canonical encoding has ${excerpt(canonical, at)} (fields in the order of the spec)`;
}

function excerpt(text: string, at: number): string {
  return JSON.stringify(text.slice(at, at + 16));
}

/**
 * The first key that an object of valid JSON text holds twice, compared after unescaping (so
 * "client" and "\u0063lient" are the same key, as JSON.parse sees them).
 */
export function firstDuplicateKey(json: string): string | undefined {
  // One entry per open object (its keys so far) or array (null).
  const open: Array<Set<string> | null> = [];
  let expectingKey = false;
  for (let at = 0; at < json.length; at++) {
    const char = json[at];
    if (char === '"') {
      let end = at + 1;
      while (json[end] !== '"') end += json[end] === '\\' ? 2 : 1;
      if (expectingKey) {
        const key = JSON.parse(json.slice(at, end + 1)) as string;
        const keys = open[open.length - 1]!;
        if (keys.has(key)) return key;
        keys.add(key);
        expectingKey = false;
      }
      at = end;
    } else if (char === '{') {
      open.push(new Set());
      expectingKey = true;
    } else if (char === '[') {
      open.push(null);
    } else if (char === '}' || char === ']') {
      open.pop();
    } else if (char === ',') {
      expectingKey = open[open.length - 1] instanceof Set;
    }
  }
  return undefined;
}
