import { describe, expect, it } from 'vitest';
import { MAX_UINT256, MAX_UINT64 } from './voucher';
import { ERROR_HTTP_STATUS, type PaymentErrorCode } from './errors';
import {
  MAX_REQUIREMENTS_LENGTH,
  REQUIREMENTS_VERSION,
  encodeRequirements,
  parseRequirements,
  type PaymentRequirements,
} from './requirements';

const base: PaymentRequirements = {
  version: REQUIREMENTS_VERSION,
  error: { code: 'payment_required', message: 'send a voucher' },
  vendor: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
  chainId: 31337n,
  verifyingContract: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
  asset: { symbol: 'USDC', decimals: 6 },
  prices: { atomsPerHour: 3_600_000n, atomsPerGB: 50_000n, approxCost: 1_000n },
  nextNonce: 0n,
  suggestedVoucherAtoms: 1_000_000n,
};

describe('402 requirements round trip', () => {
  it('without credit or optional asset fields', () => {
    const text = encodeRequirements(base);
    const wire = JSON.parse(text);
    expect(Object.keys(wire).sort()).toEqual(
      ['asset', 'chainId', 'error', 'nextNonce', 'prices', 'suggestedVoucherAtoms', 'vendor', 'verifyingContract', 'version'].sort(),
    );
    expect(wire.asset).toEqual({ symbol: 'USDC', decimals: 6 });
    expect(wire.prices).toEqual({ atomsPerHour: '3600000', atomsPerGB: '50000', approxCost: '1000' });
    expect(parseRequirements(text)).toEqual(base);
    // An already parsed body (fetch's response.json()) reads the same.
    expect(parseRequirements(wire)).toEqual(base);
  });

  it('with credit and every optional asset field', () => {
    const full: PaymentRequirements = {
      ...base,
      error: { code: 'insufficient_credit', message: 'credit 10 < approx cost 1000' },
      asset: {
        symbol: 'USDC',
        decimals: 6,
        address: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512',
        microUsdPerUnit: 1_000_000n,
      },
      nextNonce: 5n,
      credit: { unspent: 2_000_000n, unmarked: 1_999_990n, locked: 0n, cap: 10_000_000n, available: 10n },
    };
    const text = encodeRequirements(full);
    const wire = JSON.parse(text);
    expect(wire.asset).toEqual({
      symbol: 'USDC',
      decimals: 6,
      address: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512',
      microUsdPerUnit: '1000000',
    });
    expect(wire.credit).toEqual({ unspent: '2000000', unmarked: '1999990', locked: '0', cap: '10000000', available: '10' });
    expect(parseRequirements(text)).toEqual(full);
  });

  it('keeps extreme values exactly', () => {
    const extreme: PaymentRequirements = {
      ...base,
      chainId: MAX_UINT64,
      asset: { symbol: 'X', decimals: 36, microUsdPerUnit: MAX_UINT256 },
      prices: { atomsPerHour: MAX_UINT256, atomsPerGB: 0n, approxCost: MAX_UINT256 },
      nextNonce: MAX_UINT64,
      suggestedVoucherAtoms: MAX_UINT256,
      credit: { unspent: MAX_UINT256, unmarked: 0n, locked: MAX_UINT256, cap: 0n, available: 0n },
    };
    const text = encodeRequirements(extreme);
    expect(text.length).toBeLessThanOrEqual(MAX_REQUIREMENTS_LENGTH);
    expect(parseRequirements(text)).toEqual(extreme);
  });

  it.each(Object.keys(ERROR_HTTP_STATUS) as PaymentErrorCode[])('carries error code %s', (code) => {
    const requirements = { ...base, error: { code, message: '' } };
    expect(parseRequirements(encodeRequirements(requirements)).error.code).toBe(code);
  });

  it('normalises lowercase addresses to their checksum form', () => {
    const wire = JSON.parse(encodeRequirements(base));
    wire.vendor = wire.vendor.toLowerCase();
    expect(parseRequirements(JSON.stringify(wire)).vendor).toBe(base.vendor);
  });
});
