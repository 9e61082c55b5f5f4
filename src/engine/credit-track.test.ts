import { describe, expect, it } from 'vitest';
import { CreditTrack, creditOf, riskCap } from './credit-track';
import { MemoryChainOracle } from './memory/chain-oracle';
import { VENDOR, OTHER_VENDOR, clientAccount } from './test-fixtures';

describe('riskCap', () => {
  it('shares collateral out over subscriptions plus expand risk, rounding down', () => {
    expect(riskCap({ collateral: 600n, totalSubscriptions: 1n, expandRisk: 5n })).toBe(100n);
    expect(riskCap({ collateral: 700n, totalSubscriptions: 2n, expandRisk: 5n })).toBe(100n);
    expect(riskCap({ collateral: 699n, totalSubscriptions: 2n, expandRisk: 5n })).toBe(99n);
  });

  it('is zero without collateral or without anything to share it over', () => {
    expect(riskCap({ collateral: 0n, totalSubscriptions: 1n, expandRisk: 5n })).toBe(0n);
    expect(riskCap({ collateral: 100n, totalSubscriptions: 0n, expandRisk: 0n })).toBe(0n);
  });
});

describe('creditOf', () => {
  it('is unspent minus unmarked minus locked when below the cap', () => {
    expect(creditOf({ unspent: 100n, unmarked: 30n, locked: 20n }, 1000n)).toEqual({
      unspent: 100n,
      unmarked: 30n,
      locked: 20n,
      cap: 1000n,
      available: 50n,
    });
  });

  it('is limited by the cap', () => {
    expect(creditOf({ unspent: 100n, unmarked: 0n, locked: 0n }, 40n).available).toBe(40n);
  });

  it('never goes below zero when debt exceeds the unspent atoms', () => {
    expect(creditOf({ unspent: 10n, unmarked: 25n, locked: 5n }, 1000n).available).toBe(0n);
  });
});

describe('CreditTrack', () => {
  it('reads risk from the oracle with the configured expand risk', async () => {
    const oracle = new MemoryChainOracle();
    const client = clientAccount(0).address;
    oracle.setClient(client, { collateral: 900n, vendors: [VENDOR, OTHER_VENDOR] });
    expect(await new CreditTrack(oracle).clientRisk(client)).toEqual({
      collateral: 900n,
      totalSubscriptions: 2n,
      expandRisk: 5n,
    });
    expect(await new CreditTrack(oracle, 1n).clientRisk(client)).toMatchObject({ expandRisk: 1n });
  });

  it('refuses a negative expand risk', () => {
    expect(() => new CreditTrack(new MemoryChainOracle(), -1n)).toThrow(RangeError);
  });
});
