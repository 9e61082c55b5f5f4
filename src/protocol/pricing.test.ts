import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BYTES_PER_GB, MS_PER_HOUR, costOf, type Prices } from './pricing';

const prices: Prices = { atomsPerHour: 3_600_000n, atomsPerGB: 1_000_000_000n };

describe('costOf', () => {
  it('a GB is 1e9 bytes and an hour 3.6e6 ms', () => {
    expect(costOf({ atomsPerHour: 0n, atomsPerGB: 7n }, { elapsedMs: 0n, bytes: 1_000_000_000n })).toBe(7n);
    expect(costOf({ atomsPerHour: 7n, atomsPerGB: 0n }, { elapsedMs: 3_600_000n, bytes: 0n })).toBe(7n);
  });

  it('zero usage costs nothing', () => {
    expect(costOf(prices, { elapsedMs: 0n, bytes: 0n })).toBe(0n);
  });

  it('exact multiples are not rounded', () => {
    // 1 atom per ms and 1 atom per byte at these prices.
    expect(costOf(prices, { elapsedMs: 1_500n, bytes: 2_048n })).toBe(1_500n + 2_048n);
  });

  it('rounds each part up separately, so two fractions make two atoms', () => {
    const cheap: Prices = { atomsPerHour: 1n, atomsPerGB: 1n };
    expect(costOf(cheap, { elapsedMs: 1n, bytes: 0n })).toBe(1n);
    expect(costOf(cheap, { elapsedMs: 0n, bytes: 1n })).toBe(1n);
    // Summing first would give ceil(1/3.6e6 + 1/1e9) = 1; per part it is 1 + 1.
    expect(costOf(cheap, { elapsedMs: 1n, bytes: 1n })).toBe(2n);
    expect(costOf(cheap, { elapsedMs: 3_600_000n, bytes: 1_000_000_000n })).toBe(2n);
    expect(costOf(cheap, { elapsedMs: 3_600_001n, bytes: 1_000_000_001n })).toBe(4n);
  });

  it('rounds up one atom at the boundary, never more', () => {
    const perGB = { atomsPerHour: 0n, atomsPerGB: 3n };
    expect(costOf(perGB, { elapsedMs: 0n, bytes: 333_333_333n })).toBe(1n); // 0.999999999
    expect(costOf(perGB, { elapsedMs: 0n, bytes: 333_333_334n })).toBe(2n); // 1.000000002
    expect(costOf(perGB, { elapsedMs: 0n, bytes: 666_666_666n })).toBe(2n); // 1.999999998
    expect(costOf(perGB, { elapsedMs: 0n, bytes: 666_666_667n })).toBe(3n); // 2.000000001
  });

  it('free prices cost nothing whatever the usage', () => {
    expect(costOf({ atomsPerHour: 0n, atomsPerGB: 0n }, { elapsedMs: 10n ** 12n, bytes: 10n ** 15n })).toBe(0n);
  });

  it('is exact for amounts far beyond floating point', () => {
    const huge: Prices = { atomsPerHour: 10n ** 30n, atomsPerGB: 10n ** 40n };
    expect(costOf(huge, { elapsedMs: 3_600_000n * 5n, bytes: 3n * BYTES_PER_GB })).toBe(5n * 10n ** 30n + 3n * 10n ** 40n);
  });

  it('throws on negative usage or prices', () => {
    expect(() => costOf(prices, { elapsedMs: -1n, bytes: 0n })).toThrow(RangeError);
    expect(() => costOf(prices, { elapsedMs: 0n, bytes: -1n })).toThrow(RangeError);
    expect(() => costOf({ atomsPerHour: -1n, atomsPerGB: 0n }, { elapsedMs: 1n, bytes: 0n })).toThrow(RangeError);
    expect(() => costOf({ atomsPerHour: 0n, atomsPerGB: -1n }, { elapsedMs: 0n, bytes: 1n })).toThrow(RangeError);
  });

  it('matches the exact rational cost rounded up per part, and is monotonic', () => {
    const big = fc.bigInt({ min: 0n, max: 10n ** 24n });
    fc.assert(
      fc.property(big, big, big, big, (atomsPerHour, atomsPerGB, elapsedMs, bytes) => {
        const cost = costOf({ atomsPerHour, atomsPerGB }, { elapsedMs, bytes });
        const time = elapsedMs * atomsPerHour;
        const data = bytes * atomsPerGB;
        // cost is the least integer pair covering each exact part.
        const timePart = cost - (data + BYTES_PER_GB - 1n) / BYTES_PER_GB;
        expect(timePart * MS_PER_HOUR >= time).toBe(true);
        expect((timePart - 1n) * MS_PER_HOUR < time).toBe(true);
        expect(costOf({ atomsPerHour, atomsPerGB }, { elapsedMs: elapsedMs + 1n, bytes })).toBeGreaterThanOrEqual(cost);
        expect(costOf({ atomsPerHour, atomsPerGB }, { elapsedMs, bytes: bytes + 1n })).toBeGreaterThanOrEqual(cost);
      }),
      { numRuns: 300 },
    );
  });
});
