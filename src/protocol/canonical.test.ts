import { describe, expect, it } from 'vitest';
import { base64UrlJsonDifference, firstDuplicateKey, jsonTextDifference, withoutByteOrderMark } from './canonical';

const canonical = '{"a":"1","b":[{"c":"2","d":"3"}]}';
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

describe('firstDuplicateKey', () => {
  it('finds a key repeated in any object, however deep', () => {
    expect(firstDuplicateKey(canonical)).toBeUndefined();
    expect(firstDuplicateKey('{"a":"1","a":"2"}')).toBe('a');
    expect(firstDuplicateKey('{"a":"1","b":[{"c":"2","c":"3"}]}')).toBe('c');
    expect(firstDuplicateKey('{"b":[{"c":"2"},{"c":"3"}],"a":{"x":"1"},"a":"2"}')).toBe('a');
  });

  it('compares keys unescaped, as JSON.parse does', () => {
    expect(firstDuplicateKey('{"a":"1","\\u0061":"2"}')).toBe('a');
  });

  it('does not take string values, or keys of sibling objects, for duplicates', () => {
    expect(firstDuplicateKey('{"a":"a","b":"a"}')).toBeUndefined();
    expect(firstDuplicateKey('{"a":"\\"a\\":","b":["a","a"]}')).toBeUndefined();
    expect(firstDuplicateKey('[{"a":"1"},{"a":"1"}]')).toBeUndefined();
    expect(firstDuplicateKey('{"a":{},"b":{}}')).toBeUndefined();
  });
});

describe('jsonTextDifference names what is not canonical', () => {
  it.each([
    ['a byte order mark', `\uFEFF${canonical}`, 'starts with a UTF-8 byte order mark'],
    ['a duplicate key', '{"a":"0","a":"1","b":[{"c":"2","d":"3"}]}', 'has the key "a" twice'],
    ['a space', '{"a": "1","b":[{"c":"2","d":"3"}]}', 'has whitespace at byte 5'],
    ['a trailing newline', `${canonical}\n`, `has whitespace at byte ${canonical.length}`],
    ['an escape', '{"a":"\\u0031","b":[{"c":"2","d":"3"}]}', 'has an escape sequence at byte 6; every character is written as itself'],
    ['fields out of order', '{"b":[{"c":"2","d":"3"}],"a":"1"}', `has ${JSON.stringify('b":[{"c":"2","d"')} at byte 2 where the canonical encoding has ${JSON.stringify('a":"1","b":[{"c"')} (fields in the order of the spec)`],
  ])('%s', (_, received, reason) => {
    expect(JSON.parse(withoutByteOrderMark(received))).toEqual(JSON.parse(canonical));
    expect(jsonTextDifference(received, canonical)).toBe(reason);
  });
});

describe('base64UrlJsonDifference', () => {
  it('tells non-zero trailing bits from a different JSON text', () => {
    const text = b64('{"a":"1"}'); // 12 characters, 9 bytes: no spare bits, so add a byte
    const exact = b64('{"a":"12"}'); // 10 bytes → 14 characters, the last carries 4 unused bits
    expect(exact.length % 4).toBe(2);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const lastBits = exact.slice(0, -1) + alphabet[alphabet.indexOf(exact.at(-1)!) ^ 1];
    expect(Buffer.from(lastBits, 'base64url').toString()).toBe('{"a":"12"}');
    expect(base64UrlJsonDifference(lastBits, exact)).toBe(
      'non-canonical base64url: the unused bits of the last character must be zero',
    );
    expect(base64UrlJsonDifference(b64('{"a": "1"}'), text)).toBe('has whitespace at byte 5');
    expect(base64UrlJsonDifference(b64('\uFEFF{"a":"1"}'), text)).toBe('starts with a UTF-8 byte order mark');
  });
});
