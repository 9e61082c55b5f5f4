import { describe, expect, it } from 'vitest';
import { encodeDiscovery, parseDiscovery, type Discovery } from './discovery';
import { encodeErrorBody, parseErrorBody } from './error-body';
import { ProtocolParseError } from './errors';

const discovery: Discovery = {
  version: 1,
  vendor: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
  chainId: 31337n,
  verifyingContract: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
  asset: { symbol: 'USDC', decimals: 6, microUsdPerUnit: 1_000_000n },
  prices: { atomsPerHour: 3_600_000n, atomsPerGB: 10_000_000n },
  suggestedVoucherAtoms: 1_000_000n,
  routes: [{ method: 'GET', path: '/api/echo', charge: 'time+data', approxCost: 100n }],
};

describe('discovery document', () => {
  it('round-trips, ignoring vendor-specific route fields', () => {
    const text = encodeDiscovery(discovery, [{ maxBytes: 5 }]);
    expect(JSON.parse(text).routes[0].maxBytes).toBe(5);
    expect(parseDiscovery(text)).toEqual(discovery);
  });

  it.each([
    ['not JSON', '{', 'body'],
    ['wrong version', JSON.stringify({ ...JSON.parse(encodeDiscovery(discovery)), version: 2 }), 'version'],
    ['numeric chainId', JSON.stringify({ ...JSON.parse(encodeDiscovery(discovery)), chainId: 31337 }), 'chainId'],
    ['routes not a list', JSON.stringify({ ...JSON.parse(encodeDiscovery(discovery)), routes: {} }), 'routes'],
    ['bad route cost', encodeDiscovery({ ...discovery, routes: [{ ...discovery.routes[0]!, approxCost: -1n }] }), 'routes[0].approxCost'],
  ])('rejects %s with a typed error', (_name, text, field) => {
    let thrown: unknown;
    try {
      parseDiscovery(text);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ProtocolParseError);
    expect((thrown as ProtocolParseError).field).toBe(field);
  });
});

describe('error body', () => {
  it('round-trips a protocol code and marks it as one', () => {
    expect(parseErrorBody(encodeErrorBody('nonce_conflict', 'a different voucher holds nonce 0'))).toEqual({
      code: 'nonce_conflict',
      message: 'a different voucher holds nonce 0',
      paymentCode: 'nonce_conflict',
    });
  });

  it('keeps a vendor code that is not the protocol’s without paymentCode', () => {
    expect(parseErrorBody(encodeErrorBody('bad_request', 'bytes must be 0..1000000'))).toEqual({
      code: 'bad_request',
      message: 'bytes must be 0..1000000',
    });
  });

  it.each(['', 'null', '{"error":"x"}', '{"error":{"code":"Nonce Gap","message":"x"}}', '{"error":{"code":"x"}}', `{"error":{"code":"a","message":"${'m'.repeat(600)}"}}`])(
    'is undefined for %j',
    (text) => expect(parseErrorBody(text)).toBeUndefined(),
  );
});
