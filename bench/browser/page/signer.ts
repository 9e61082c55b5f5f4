import type { Address, Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { encodeVoucherHeader, signVoucher } from '../../../src/protocol';

/**
 * Page-side voucher signing for the "sign on every request" comparison: what a per-request
 * payment scheme does in the page, with the same viem and protocol code the wallet uses.
 * Bundled as an IIFE into window.benchSigner (bench/browser/bundle.ts).
 */
export interface PageSigner {
  address: Address;
  /** Signs voucher `nonce` for `atoms` and returns the x-voucher header carrying it alone. */
  header(nonce: string, atoms: string): Promise<string>;
}

export function createSigner(privateKey: Hex, chainId: string, verifyingContract: Address, vendor: Address): PageSigner {
  const account = privateKeyToAccount(privateKey);
  const domain = { chainId: BigInt(chainId), verifyingContract };
  return {
    address: account.address,
    async header(nonce, atoms) {
      const voucher = await signVoucher(account, domain, { vendor, nonce: BigInt(nonce), atoms: BigInt(atoms) });
      return encodeVoucherHeader([voucher]);
    },
  };
}
