import { describe, expect, it } from 'vitest';
import { LOCAL_CONTRACT, LOCAL_TOKEN } from '../../chain/local-deployment';
import { walletAssets } from './wallet-assets';

describe('walletAssets', () => {
  it('knows the local deployment by chain and collateral contract (any address case), and nothing else', () => {
    const assets = walletAssets();
    expect(assets.assetFor({ chainId: 31337n, verifyingContract: LOCAL_CONTRACT })).toMatchObject({ symbol: 'tUSD', decimals: 6, address: LOCAL_TOKEN });
    expect(assets.assetFor({ chainId: 31337n, verifyingContract: LOCAL_CONTRACT.toLowerCase() as `0x${string}` })).toBeDefined();
    // The token's address is not the collateral contract, and another chain is another domain.
    expect(assets.assetFor({ chainId: 31337n, verifyingContract: LOCAL_TOKEN })).toBeUndefined();
    expect(assets.assetFor({ chainId: 1n, verifyingContract: LOCAL_CONTRACT })).toBeUndefined();
  });
});
