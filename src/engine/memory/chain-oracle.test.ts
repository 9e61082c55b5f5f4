import { describe, expect, it } from 'vitest';
import { OTHER_VENDOR, VENDOR, clientAccount } from '../test-fixtures';
import { MemoryChainOracle } from './chain-oracle';

const alice = clientAccount(0).address;

describe('MemoryChainOracle', () => {
  it('knows nothing of unknown clients unless open', async () => {
    const oracle = new MemoryChainOracle();
    expect(await oracle.isSubscribed(alice, VENDOR)).toBe(false);
    expect(await oracle.collateral(alice)).toBe(0n);
    expect(await oracle.totalSubscriptions(alice)).toBe(0n);
  });

  it('reports what it was told about a client', async () => {
    const oracle = new MemoryChainOracle();
    oracle.setClient(alice, { collateral: 500n, vendors: [VENDOR, OTHER_VENDOR] });
    expect(await oracle.isSubscribed(alice, VENDOR)).toBe(true);
    expect(await oracle.totalSubscriptions(alice)).toBe(2n);
    oracle.setCollateral(alice, 7n);
    expect(await oracle.collateral(alice)).toBe(7n);
    expect(await oracle.totalSubscriptions(alice)).toBe(2n);
  });

  it('in open demo mode subscribes every unknown client with the default collateral', async () => {
    const oracle = new MemoryChainOracle({ collateral: 1000n });
    expect(await oracle.isSubscribed(alice, VENDOR)).toBe(true);
    expect(await oracle.collateral(alice)).toBe(1000n);
    expect(await oracle.totalSubscriptions(alice)).toBe(1n);
    oracle.setClient(alice, { collateral: 1n, vendors: [] });
    expect(await oracle.isSubscribed(alice, VENDOR)).toBe(false);
  });
});
