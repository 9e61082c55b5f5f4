import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FieldReader, decodeBase64UrlJson, decodeBase64UrlText, encodeBase64UrlJson, parseJson } from './codec';
import { ERROR_HTTP_STATUS, ProtocolParseError, isPaymentErrorCode } from './errors';

describe('base64url JSON', () => {
  it('round trips any JSON value, including non-ASCII text', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = encodeBase64UrlJson(value);
        expect(text).toMatch(/^[A-Za-z0-9_-]*$/);
        // JSON.stringify turns -0 into 0; compare what JSON can carry.
        expect(decodeBase64UrlJson(text)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 300 },
    );
    expect(decodeBase64UrlJson(encodeBase64UrlJson({ s: 'é€😀' }))).toEqual({ s: 'é€😀' });
  });

  it('agrees with Node\'s base64url encoder byte for byte', () => {
    const value = { a: 'x?>~', b: [1, 2, 3], c: 'ÿþ' };
    expect(encodeBase64UrlJson(value)).toBe(Buffer.from(JSON.stringify(value)).toString('base64url'));
  });

  it('returns undefined for anything that is not unpadded base64url JSON', () => {
    const json = Buffer.from('{"a":1}').toString('base64url'); // eyJhIjoxfQ
    expect(decodeBase64UrlJson(json)).toEqual({ a: 1 });
    for (const bad of [`${json}=`, `${json}==`, json.replace('J', '+'), json.replace('J', '/'), `${json}.`, ` ${json}`, json.slice(0, -1), 'A', '', 'bm90IGpzb24', '_w']) {
      expect(decodeBase64UrlJson(bad)).toBeUndefined();
    }
  });

  it('decodeBase64UrlText keeps a byte order mark that decodeBase64UrlJson skips', () => {
    const withMark = Buffer.from('\uFEFF{"a":1}').toString('base64url');
    expect(decodeBase64UrlText(withMark)).toBe('\uFEFF{"a":1}');
    expect(decodeBase64UrlJson(withMark)).toEqual({ a: 1 });
    expect(decodeBase64UrlText('_w')).toBeUndefined();
  });

  it('parseJson returns undefined for non-JSON', () => {
    expect(parseJson('{"a":1}')).toEqual({ a: 1 });
    expect(parseJson('{a:1}')).toBeUndefined();
    expect(parseJson('')).toBeUndefined();
  });
});

describe('FieldReader', () => {
  const read = new FieldReader('malformed_receipt');
  const failure = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      return error;
    }
    throw new Error('did not throw');
  };

  it('names nested fields by path', () => {
    const error = failure(() => read.at('credit').uint('x', 'cap', 10n));
    expect(error).toBeInstanceOf(ProtocolParseError);
    expect(error).toMatchObject({ code: 'malformed_receipt', field: 'credit.cap', name: 'ProtocolParseError' });
    expect((error as Error).message).toMatch(/^malformed_receipt: credit\.cap: /);
  });

  it('uint accepts canonical decimals up to max and nothing else', () => {
    expect(read.uint('0', 'n', 10n)).toBe(0n);
    expect(read.uint('10', 'n', 10n)).toBe(10n);
    for (const bad of ['11', '01', '-0', '1e1', '1.0', ' 1', '0x1', '', 1, 1n, null]) {
      expect(failure(() => read.uint(bad, 'n', 10n))).toBeInstanceOf(ProtocolParseError);
    }
  });

  it('address accepts checksummed, all-lower and all-upper hex and returns the checksum form', () => {
    const checksum = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
    expect(read.address(checksum, 'a')).toBe(checksum);
    expect(read.address(checksum.toLowerCase(), 'a')).toBe(checksum);
    expect(read.address(`0x${checksum.slice(2).toUpperCase()}`, 'a')).toBe(checksum);
    const wrongCase = checksum.replace('C51', 'c51');
    expect(failure(() => read.address(wrongCase, 'a'))).toMatchObject({ field: 'a' });
  });
});

describe('FieldReader, the spellings only the voucher header and the receipt allow', () => {
  const read = new FieldReader('malformed_voucher_header');
  const checksum = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
  const signature =
    '0x7d7f9f88e934761bae1aa3a7017cdf031e0753932c2cbe9ade92b5d5146fc9da13af3f6935ccbdca38338cfd009ee9e9fbe8d4022cf86029499aab9105c078351b';
  const failure = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      return error;
    }
    throw new Error('did not throw');
  };

  it('checksumAddress accepts the EIP-55 form alone', () => {
    expect(read.checksumAddress(checksum, 'a')).toBe(checksum);
    for (const bad of [checksum.toLowerCase(), `0x${checksum.slice(2).toUpperCase()}`, checksum.replace('C51', 'c51')]) {
      expect(failure(() => read.checksumAddress(bad, 'a'))).toMatchObject({ field: 'a', message: 'malformed_voucher_header: a: must be in EIP-55 checksum form' });
    }
    for (const bad of [`0X${checksum.slice(2)}`, checksum.slice(0, 41), ` ${checksum}`, 42, null]) {
      expect(failure(() => read.checksumAddress(bad, 'a'))).toMatchObject({ field: 'a', message: 'malformed_voucher_header: a: must be a 20-byte 0x-prefixed hex address' });
    }
  });

  it('signature accepts lowercase hex alone', () => {
    expect(read.signature(signature, 's')).toBe(signature);
    const upper = `0x${signature.slice(2).toUpperCase()}`;
    expect(failure(() => read.signature(upper, 's'))).toMatchObject({ field: 's', message: 'malformed_voucher_header: s: must be lowercase hex' });
  });
});

describe('error codes', () => {
  it('are exactly the codes and HTTP statuses of the spec (docs/protocol.md §7.3)', () => {
    const spec = readFileSync(new URL('../../docs/protocol.md', import.meta.url), 'utf8');
    const table = spec.slice(spec.indexOf('### 7.3 Error codes'));
    const rows = [...table.matchAll(/^\| `([a-z_]+)` +\| (\d{3}) +\|/gm)].map(([, code, status]) => [code, Number(status)]);
    expect(rows.length).toBeGreaterThan(0);
    expect(Object.fromEntries(rows)).toEqual(ERROR_HTTP_STATUS);
  });

  it('isPaymentErrorCode knows exactly the table', () => {
    expect(isPaymentErrorCode('nonce_gap')).toBe(true);
    for (const bad of ['teapot', 'toString', '__proto__', 'constructor', '', 402, null, undefined]) {
      expect(isPaymentErrorCode(bad)).toBe(false);
    }
  });
});
