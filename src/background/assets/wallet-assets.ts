import { LOCAL_CHAIN_ID, LOCAL_CONTRACT, LOCAL_TOKEN, LOCAL_TOKEN_DECIMALS, LOCAL_TOKEN_SYMBOL } from '../../chain/local-deployment';
import { StaticAssetRegistry, type AssetRegistry, type KnownAsset } from '../../payer/asset-registry';

/**
 * A new vendor paid in a USD-like 6-decimal token is proposed 10 units of budget and 1 unit a
 * voucher at most, whatever it suggests: small enough that one careless click risks little.
 */
const USD_6_DEFAULTS: KnownAsset['defaults'] = { budgetAtoms: 10_000_000n, voucherAtoms: 1_000_000n };

/** The local chain's TestToken; valued as one US dollar a unit, as the mock vendor prices it. */
export const LOCAL_ASSET: KnownAsset = {
  symbol: LOCAL_TOKEN_SYMBOL,
  decimals: LOCAL_TOKEN_DECIMALS,
  address: LOCAL_TOKEN,
  microUsdPerUnit: 1_000_000n,
  defaults: USD_6_DEFAULTS,
};

/**
 * The assets the wallet pays in, by collateral domain: for now the local chain's deployment.
 * Network settings (another RPC, chain and contract, the token read on chain) will back this
 * same interface.
 */
export function walletAssets(): AssetRegistry {
  return new StaticAssetRegistry([{ chainId: BigInt(LOCAL_CHAIN_ID), verifyingContract: LOCAL_CONTRACT, asset: LOCAL_ASSET }]);
}
