import { getAddress, type Address } from 'viem';
import type { Asset } from '../protocol';

/** Where vouchers are redeemed: the EIP-712 domain of a vendor's vouchers. */
export interface CollateralDomain {
  chainId: bigint;
  /** The collateral contract. */
  verifyingContract: Address;
}

/** An asset the wallet itself knows, with the limits it proposes for a new vendor paid in it. */
export interface KnownAsset extends Asset {
  defaults: {
    /** The budget the approval form proposes (never more, whatever the vendor suggests). */
    budgetAtoms: bigint;
    /** The per-voucher cap the approval form proposes at most. */
    voucherAtoms: bigint;
  };
}

/**
 * The wallet's own list of assets, keyed by the collateral domain. A vendor's 402 names its
 * symbol and decimals too, but a vendor can claim anything (decimals: 30 shows 10^30 atoms as
 * "1"): the wallet shows, values and bounds amounts by this list only, and pays no vendor whose
 * domain is not in it. Narrow on purpose: a chain-backed one (token read on chain) can replace
 * the static list without touching the callers.
 */
export interface AssetRegistry {
  assetFor(domain: CollateralDomain): Promise<KnownAsset | undefined>;
}

/** A fixed list, e.g. the local chain's deployment. */
export class StaticAssetRegistry implements AssetRegistry {
  private readonly byDomain = new Map<string, KnownAsset>();

  constructor(entries: readonly (CollateralDomain & { asset: KnownAsset })[]) {
    for (const entry of entries) this.byDomain.set(domainId(entry), entry.asset);
  }

  async assetFor(domain: CollateralDomain): Promise<KnownAsset | undefined> {
    return this.byDomain.get(domainId(domain));
  }
}

function domainId(domain: CollateralDomain): string {
  return `${domain.chainId}:${getAddress(domain.verifyingContract)}`;
}
