import { getAddress, type Address, type Hex } from 'viem';
import type { SignedVoucher } from '../protocol';

/** One voucher as VoucherCollateral.redeem takes it (the VoucherClaim struct). */
export interface VoucherClaim {
  nonce: bigint;
  atoms: bigint;
  claim: bigint;
  v: number;
  r: Hex;
  s: Hex;
}

/** One client's vouchers in a redemption batch (the ClientClaims struct). */
export interface ClientClaims {
  client: Address;
  vouchers: VoucherClaim[];
}

/** A voucher and the atoms a vendor claims from it. */
export interface ClaimedVoucher {
  voucher: SignedVoucher;
  claim: bigint;
}

/**
 * Splits the 65-byte r ‖ s ‖ v signature into the struct's fields as they are: the contract, not
 * this encoder, refuses a high-s or a v 0/1 signature.
 */
export function voucherClaim({ voucher, claim }: ClaimedVoucher): VoucherClaim {
  const signature = voucher.signature;
  if (!/^0x[0-9a-fA-F]{130}$/.test(signature)) throw new RangeError(`voucher ${voucher.nonce} has no 65-byte signature`);
  return {
    nonce: voucher.nonce,
    atoms: voucher.atoms,
    claim,
    r: `0x${signature.slice(2, 66)}`,
    s: `0x${signature.slice(66, 130)}`,
    v: Number.parseInt(signature.slice(130, 132), 16),
  };
}

/** Groups claims by client, in first-seen order, keeping each client's vouchers in the given order. */
export function redemptionBatch(claims: readonly ClaimedVoucher[]): ClientClaims[] {
  const byClient = new Map<Address, VoucherClaim[]>();
  for (const each of claims) {
    const client = getAddress(each.voucher.client);
    const list = byClient.get(client) ?? [];
    list.push(voucherClaim(each));
    byClient.set(client, list);
  }
  return [...byClient].map(([client, vouchers]) => ({ client, vouchers }));
}
