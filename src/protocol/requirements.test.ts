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

describe('the nonce_conflict answer with held vouchers (§5.1)', () => {
  const sig = (n: number) => `0x${'1'.repeat(62)}${n.toString(16).padStart(2, '0')}${'2'.repeat(64)}1b` as const;
  const conflict: PaymentRequirements = {
    ...base,
    error: { code: 'nonce_conflict', message: 'a different voucher is held under nonce 0' },
    nextNonce: 4n,
    heldVouchers: [
      { nonce: 0n, atoms: 1_000n, signature: sig(0) },
      { nonce: 2n, atoms: 2_000n, signature: sig(2) },
      { nonce: 3n, atoms: MAX_UINT256, signature: sig(3) },
    ],
  };

  it('round-trips, held vouchers last, as decimal strings and lower-case signatures', () => {
    const text = encodeRequirements(conflict);
    const wire = JSON.parse(text);
    expect(Object.keys(wire).at(-1)).toBe('heldVouchers');
    expect(wire.heldVouchers[0]).toEqual({ nonce: '0', atoms: '1000', signature: sig(0) });
    expect(parseRequirements(text)).toEqual(conflict);
  });

  const held = (change: (list: Record<string, unknown>[]) => unknown) => {
    const wire = JSON.parse(encodeRequirements(conflict));
    wire.heldVouchers = change(wire.heldVouchers);
    return wire;
  };
  const refusals: [string, unknown, string][] = [
    ['on another code', { ...JSON.parse(encodeRequirements(conflict)), error: { code: 'nonce_gap', message: 'x' } }, 'heldVouchers'],
    ['empty', held(() => []), 'heldVouchers'],
    ['more than 16', held(() => Array.from({ length: 17 }, (_, i) => ({ nonce: String(i), atoms: '1', signature: sig(i) }))), 'heldVouchers'],
    ['not a list', held(() => ({ nonce: '3' })), 'heldVouchers'],
    ['out of order', held((list) => [list[1], list[0], list[2]]), 'heldVouchers[1].nonce'],
    ['a nonce twice', held((list) => [list[0], list[0], list[2]]), 'heldVouchers[1].nonce'],
    ['zero atoms', held((list) => [{ ...list[0], atoms: '0' }, list[1], list[2]]), 'heldVouchers[0].atoms'],
    ['atoms as a number', held((list) => [{ ...list[0], atoms: 1000 }, list[1], list[2]]), 'heldVouchers[0].atoms'],
    ['a nonce over uint64', held((list) => [list[0], list[1], { ...list[2], nonce: (MAX_UINT64 + 1n).toString() }]), 'heldVouchers[2].nonce'],
    ['a high-s signature', held((list) => [{ ...list[0], signature: `0x${'1'.repeat(64)}${'f'.repeat(64)}1b` }, list[1], list[2]]), 'heldVouchers[0].signature'],
    ['an upper-case signature', held((list) => [{ ...list[0], signature: (list[0]!.signature as string).toUpperCase().replace('0X', '0x') }, list[1], list[2]]), 'heldVouchers[0].signature'],
    ['an extra field', held((list) => [{ ...list[0], client: base.vendor }, list[1], list[2]]), 'heldVouchers[0].self'],
    ['without the newest (nextNonce - 1)', held((list) => [list[0], list[1]]), 'heldVouchers'],
  ];
  it.each(refusals)('refuses held vouchers %s with malformed_requirements naming the field', (_name, wire, field) => {
    expect(() => parseRequirements(JSON.stringify(wire))).toThrow(expect.objectContaining({ code: 'malformed_requirements', field }));
  });
});
