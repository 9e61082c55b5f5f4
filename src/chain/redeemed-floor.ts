import type { Address, Chain, PublicClient, Transport } from 'viem';
import { voucherCollateralAbi } from './artifacts/VoucherCollateral';

/** The voucher scope a floor is asked for: the payer's VendorKey (structurally; the chain layer does not import the payer). */
export interface RedeemedScope {
  client: Address;
  vendor: Address;
  chainId: bigint;
  verifyingContract: Address;
}

/**
 * The payer's optional chain port (RedeemedNonceFloor, src/payer/voucher-issuer.ts) over viem:
 * VoucherCollateral.redeemedTotals(client, vendor) names the highest nonce the vendor redeemed, so
 * no nonce at or below it may be signed again. A scope on another chain or contract has no floor
 * here (0): this reader knows one deployment.
 */
export function contractRedeemedNonceFloor(publicClient: PublicClient<Transport, Chain>, contract: Address) {
  return {
    async redeemedNonceFloor(scope: RedeemedScope): Promise<bigint> {
      const sameContract = scope.verifyingContract.toLowerCase() === contract.toLowerCase();
      if (!sameContract || scope.chainId !== BigInt(publicClient.chain.id)) return 0n;
      const [, vouchers, highestNonce] = await publicClient.readContract({
        address: contract,
        abi: voucherCollateralAbi,
        functionName: 'redeemedTotals',
        args: [scope.client, scope.vendor],
      });
      return vouchers === 0n ? 0n : highestNonce + 1n;
    },
  };
}
