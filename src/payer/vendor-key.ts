import { getAddress, type Address } from 'viem';
import type { PaymentRequirements } from '../protocol';

/**
 * Everything that scopes a client's vouchers: nonces are numbered per (client, vendor, chain,
 * collateral contract), so state is kept per VendorKey.
 */
export interface VendorKey {
  client: Address;
  vendor: Address;
  chainId: bigint;
  verifyingContract: Address;
}

/** A stable string id for a key (addresses lower-cased), used as a storage and lock key. */
export function vendorKeyId(key: VendorKey): string {
  return [key.client, key.vendor, key.chainId.toString(), key.verifyingContract]
    .map((part) => part.toLowerCase())
    .join(':');
}

export function sameVendorKey(a: VendorKey, b: VendorKey): boolean {
  return vendorKeyId(a) === vendorKeyId(b);
}

/** The key a 402 asks this client to pay under. */
export function vendorKeyFromRequirements(client: Address, requirements: PaymentRequirements): VendorKey {
  return {
    client: getAddress(client),
    vendor: getAddress(requirements.vendor),
    chainId: requirements.chainId,
    verifyingContract: getAddress(requirements.verifyingContract),
  };
}
