/**
 * JSON has no bigint. Extension messages and the Node payer's voucher-state file carry values as
 * wire JSON in which a bigint is `{ "$bigint": "<decimal>" }`, restored on arrival.
 */
const BIGINT_TAG = '$bigint';

export function toWire(value: unknown): unknown {
  if (typeof value === 'bigint') return { [BIGINT_TAG]: value.toString() };
  if (Array.isArray(value)) return value.map(toWire);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      if (inner !== undefined) out[key] = toWire(inner);
    }
    return out;
  }
  return value;
}

export function fromWire(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromWire);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 1 && entries[0]![0] === BIGINT_TAG && typeof entries[0]![1] === 'string') {
      const text = entries[0]![1];
      if (/^-?(0|[1-9][0-9]*)$/.test(text)) return BigInt(text);
    }
    const out: Record<string, unknown> = {};
    for (const [key, inner] of entries) out[key] = fromWire(inner);
    return out;
  }
  return value;
}
