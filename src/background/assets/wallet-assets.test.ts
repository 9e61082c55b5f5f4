import { describe, expect, it } from 'vitest';
import type { Address } from 'viem';
import { LOCAL_DEPLOYMENT } from '../../chain/local-deployment';
import { unitDefaults, walletAssets } from './wallet-assets';

const BASE_CONTRACT: Address = '0x00000000000000000000000000000000000c0DE5';

describe('walletAssets', () => {
  it('knows the local deployment by chain and collateral contract (any address case), and nothing else', async () => {
    const assets = walletAssets();
    expect(await assets.assetFor({ chainId: 31337n, verifyingContract: LOCAL_DEPLOYMENT.contract })).toMatchObject({
      symbol: 'tUSD',
      decimals: 6,
      address: LOCAL_DEPLOYMENT.token,
      defaults: { budgetAtoms: 10_000_000n, voucherAtoms: 1_000_000n },
    });
    expect(await assets.assetFor({ chainId: 31337n, verifyingContract: LOCAL_DEPLOYMENT.contract.toLowerCase() as Address })).toBeDefined();
    // The token's address is not the collateral contract, and another chain is another domain.
    expect(await assets.assetFor({ chainId: 31337n, verifyingContract: LOCAL_DEPLOYMENT.token })).toBeUndefined();
    expect(await assets.assetFor({ chainId: 1n, verifyingContract: LOCAL_DEPLOYMENT.contract })).toBeUndefined();
  });

  it("adds the configured network's asset as its token answered, with defaults in its own decimals", async () => {
    const asked: bigint[] = [];
    const assets = walletAssets({
      async assetFor(domain) {
        asked.push(domain.chainId);
        return domain.chainId === 8453n ? { symbol: 'USDC', decimals: 18, address: BASE_CONTRACT } : undefined;
      },
    });
    expect(await assets.assetFor({ chainId: 8453n, verifyingContract: BASE_CONTRACT })).toEqual({
      symbol: 'USDC',
      decimals: 18,
      address: BASE_CONTRACT,
      defaults: { budgetAtoms: 10n * 10n ** 18n, voucherAtoms: 10n ** 18n },
    });
    expect(await assets.assetFor({ chainId: 10n, verifyingContract: BASE_CONTRACT })).toBeUndefined();
    // The local deployment needs no network read.
    await assets.assetFor({ chainId: 31337n, verifyingContract: LOCAL_DEPLOYMENT.contract });
    expect(asked).toEqual([8453n, 10n]);
  });

  it('proposes 10 units of budget and 1 a voucher', () => {
    expect(unitDefaults(0)).toEqual({ budgetAtoms: 10n, voucherAtoms: 1n });
    expect(unitDefaults(6)).toEqual({ budgetAtoms: 10_000_000n, voucherAtoms: 1_000_000n });
  });
});
