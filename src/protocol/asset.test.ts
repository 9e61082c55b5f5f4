import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { atomsToMicroUsd, formatAtoms, parseUnits, type Asset } from './asset';

describe('formatAtoms', () => {
  it.each([
    [0n, 6, '0'],
    [1n, 6, '0.000001'],
    [1_500n, 6, '0.0015'],
    [1_000_000n, 6, '1'],
    [1_000_001n, 6, '1.000001'],
    [123_450_000n, 6, '123.45'],
    [-1_500n, 6, '-0.0015'],
    [-2_000_000n, 6, '-2'],
    [42n, 0, '42'],
    [10n ** 18n, 18, '1'],
    [1n, 18, '0.000000000000000001'],
    [(1n << 256n) - 1n, 18, '115792089237316195423570985008687907853269984665640564039457.584007913129639935'],
  ])('formatAtoms(%s, %i) = %s', (atoms, decimals, text) => {
    expect(formatAtoms(atoms, decimals)).toBe(text);
  });
});

describe('parseUnits', () => {
  it.each([
    ['0', 6, 0n],
    ['1', 6, 1_000_000n],
    ['0.0015', 6, 1_500n],
    ['1.000001', 6, 1_000_001n],
    ['123.45', 6, 123_450_000n],
    ['1.500000', 6, 1_500_000n],
    ['42', 0, 42n],
    ['  7.5 ', 1, 75n],
    ['0.000000000000000001', 18, 1n],
  ])('parseUnits(%j, %i) = %s', (text, decimals, atoms) => {
    expect(parseUnits(text, decimals)).toBe(atoms);
  });

  it.each([
    ['', 6],
    ['-1', 6],
    ['+1', 6],
    ['1e3', 6],
    ['1.', 6],
    ['.5', 6],
    ['1,5', 6],
    ['0x10', 6],
    ['1.2.3', 6],
    ['abc', 6],
    ['NaN', 6],
    ['1.0000001', 6],
    ['1.5', 0],
  ])('rejects %j at %i decimals with a RangeError', (text, decimals) => {
    expect(() => parseUnits(text, decimals)).toThrow(RangeError);
  });

  it('is the inverse of formatAtoms for non-negative atoms', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }), fc.integer({ min: 0, max: 36 }), (atoms, decimals) => {
        expect(parseUnits(formatAtoms(atoms, decimals), decimals)).toBe(atoms);
      }),
      { numRuns: 500 },
    );
  });
});

describe('atomsToMicroUsd', () => {
  const usdc: Asset = { symbol: 'USDC', decimals: 6, microUsdPerUnit: 1_000_000n };
  const eth: Asset = { symbol: 'ETH', decimals: 18, microUsdPerUnit: 3_000_000_000n };

  it('is undefined without a USD price', () => {
    expect(atomsToMicroUsd(1_000_000n, { symbol: 'TOK', decimals: 6 })).toBeUndefined();
  });

  it('converts exactly where it can', () => {
    expect(atomsToMicroUsd(0n, usdc)).toBe(0n);
    expect(atomsToMicroUsd(1n, usdc)).toBe(1n);
    expect(atomsToMicroUsd(2_500_000n, usdc)).toBe(2_500_000n);
    expect(atomsToMicroUsd(10n ** 18n, eth)).toBe(3_000_000_000n);
  });

  it('rounds down', () => {
    // 1 wei of a $3000 token is 3e-9 micro-USD.
    expect(atomsToMicroUsd(1n, eth)).toBe(0n);
    // 333_333_334 wei × 3e9 / 1e18 = 1.000000002 → 1; 333_333_333 wei → 0.999999999 → 0
    expect(atomsToMicroUsd(333_333_334n, eth)).toBe(1n);
    expect(atomsToMicroUsd(333_333_333n, eth)).toBe(0n);
    expect(atomsToMicroUsd(666_666_666n, eth)).toBe(1n);
  });
});
