/**
 * SQL literals for scripts (SqlSession.script), which cannot take parameters. Only values whose
 * characters are known to be harmless get in: bigints (digits and a sign) and text made of
 * letters, digits and `_.:-` (lower-case addresses, hex signatures, instance UUIDs). Anything
 * else throws instead of being escaped, so no quoting rule can be got wrong.
 */
const PLAIN_TEXT = /^[0-9A-Za-z_.:-]*$/;

export function textLiteral(value: string): string {
  if (!PLAIN_TEXT.test(value)) throw new RangeError(`refusing to inline ${JSON.stringify(value.slice(0, 80))} into SQL`);
  return `'${value}'`;
}

export function numericLiteral(value: bigint): string {
  return value.toString();
}

export function booleanLiteral(value: boolean): string {
  return value ? 'TRUE' : 'FALSE';
}
