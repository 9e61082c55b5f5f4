import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { defaultSanitizeRequest, hashBody, pickWhitelistedHeaders } from './privacy';

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

describe('pickWhitelistedHeaders', () => {
  const secrets = {
    Authorization: 'Bearer sk-123',
    Cookie: 'session=1',
    'Set-Cookie': 'a=b',
    'X-Voucher': 'v1.signed',
    'Proxy-Authorization': 'Basic x',
  };

  it('keeps public headers, lower-cased, and drops secrets and everything else', () => {
    const picked = pickWhitelistedHeaders({
      'Content-Type': 'application/json',
      Accept: 'text/event-stream',
      'X-Client-Tx-Ref': 'ref-1',
      'X-Custom': 'x',
      ...secrets,
    });
    expect(picked).toEqual({ 'content-type': 'application/json', accept: 'text/event-stream', 'x-client-tx-ref': 'ref-1' });
  });

  it('never keeps a secret even when a caller whitelists it', () => {
    const picked = pickWhitelistedHeaders(secrets, ['authorization', 'cookie', 'set-cookie', 'x-voucher', 'proxy-authorization', 'x-trace']);
    expect(picked).toEqual({});
    expect(pickWhitelistedHeaders({ 'X-Trace': 't' }, ['X-Trace'])).toEqual({ 'x-trace': 't' });
  });

  it('reads Headers and entry lists, joining repeats', () => {
    expect(pickWhitelistedHeaders(new Headers({ 'content-type': 'text/plain', authorization: 'x' }))).toEqual({
      'content-type': 'text/plain',
    });
    expect(pickWhitelistedHeaders([['Accept', 'a'], ['accept', 'b'], ['cookie', 'c']])).toEqual({ accept: 'a, b' });
    expect(pickWhitelistedHeaders(undefined)).toEqual({});
  });
});

describe('hashBody', () => {
  const text = 'héllo {"q":1}';
  const bytes = new TextEncoder().encode(text);

  it('hashes the bytes fetch would send, for every byte-like body', async () => {
    const expected = { hash: sha256(bytes), size: bytes.byteLength };
    expect(await hashBody(text)).toEqual(expected);
    expect(await hashBody(bytes.buffer.slice(0))).toEqual(expected);
    expect(await hashBody(new Uint8Array(bytes))).toEqual(expected);
    expect(await hashBody(new DataView(bytes.buffer.slice(0)))).toEqual(expected);
    expect(await hashBody(new Blob([bytes]))).toEqual(expected);
  });

  it('hashes only the viewed part of a typed array', async () => {
    const padded = new Uint8Array([0, ...bytes, 0]);
    expect(await hashBody(padded.subarray(1, bytes.length + 1))).toEqual({ hash: sha256(bytes), size: bytes.length });
  });

  it('hashes URLSearchParams as their urlencoded form', async () => {
    const params = new URLSearchParams({ q: 'a b', n: '1' });
    expect(await hashBody(params)).toEqual({ hash: sha256('q=a+b&n=1'), size: 9 });
  });

  it('returns undefined for no body, streams and FormData', async () => {
    expect(await hashBody(undefined)).toBeUndefined();
    expect(await hashBody(null)).toBeUndefined();
    expect(await hashBody(new ReadableStream())).toBeUndefined();
    expect(await hashBody(new FormData())).toBeUndefined();
  });
});

it('defaultSanitizeRequest stores headers summary and body digest, never the body', async () => {
  const result = await defaultSanitizeRequest({ 'content-type': 'application/json', 'x-voucher': 'v1.x' }, '{"secret":1}');
  expect(result).toEqual({
    headersSummary: { 'content-type': 'application/json' },
    requestBodyHash: sha256('{"secret":1}'),
    requestBodySize: 12,
  });
  expect(JSON.stringify(result)).not.toContain('secret');
});
