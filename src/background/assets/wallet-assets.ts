import { LOCAL_DEPLOYMENT, LOCAL_TOKEN_DECIMALS, LOCAL_TOKEN_SYMBOL } from '../../chain/local-deployment';
import type { Asset } from '../../protocol';
import { StaticAssetRegistry, type AssetRegistry, type CollateralDomain, type KnownAsset } from '../../payer/asset-registry';

/**
 * What the approval form proposes for a new vendor paid in an asset: 10 whole units of budget and
 * 1 unit a voucher at most, whatever the vendor suggests, so that one careless click risks little.
 */
export function unitDefaults(decimals: number): KnownAsset['defaults'] {
  const unit = 10n ** BigInt(decimals);
  return { budgetAtoms: 10n * unit, voucherAtoms: unit };
}

/** The local chain's TestToken; valued as one US dollar a unit, as the mock vendor prices it. */
export const LOCAL_ASSET: KnownAsset = {
  symbol: LOCAL_TOKEN_SYMBOL,
  decimals: LOCAL_TOKEN_DECIMALS,
  address: LOCAL_DEPLOYMENT.token,
  microUsdPerUnit: 1_000_000n,
  defaults: unitDefaults(LOCAL_TOKEN_DECIMALS),
};

/** The configured network's asset, as its token contract answered when the network was checked. */
export interface NetworkAssets {
  assetFor(domain: CollateralDomain): Promise<Asset | undefined>;
}

/**
 * The assets the wallet pays in, by collateral domain: the local chain's deployment, and the
 * network configured in the popup (its token's symbol and decimals read on chain). Never a
 * vendor's word.
 */
export function walletAssets(network?: NetworkAssets): AssetRegistry {
  const local = new StaticAssetRegistry([{ chainId: BigInt(LOCAL_DEPLOYMENT.chainId), verifyingContract: LOCAL_DEPLOYMENT.contract, asset: LOCAL_ASSET }]);
  return {
    async assetFor(domain) {
      const known = await local.assetFor(domain);
      if (known || !network) return known;
      const configured = await network.assetFor(domain);
      return configured && { ...configured, defaults: unitDefaults(configured.decimals) };
    },
  };
}
