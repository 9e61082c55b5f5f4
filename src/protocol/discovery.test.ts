import { describe, expect, it } from 'vitest';
import { encodeDiscovery, type Discovery } from './discovery';
import { encodeErrorBody, parseErrorBody } from './error-body';

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
  it('encodes atoms and chain id as decimal strings and adds vendor-specific route fields', () => {
    const json = JSON.parse(encodeDiscovery(discovery, [{ maxBytes: 5 }]));
    expect(json.chainId).toBe('31337');
    expect(json.routes[0]).toEqual({ method: 'GET', path: '/api/echo', charge: 'time+data', approxCost: '100', maxBytes: 5 });
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
