import { recoverAddress, type Address, type Hex } from 'viem';
import { voucherDigest, type SignedVoucher } from '../protocol';

/** Recovers the address that signed an EIP-712 digest, or null when the signature is unusable. */
export type RecoverSigner = (digest: Hex, signature: Hex) => Promise<Address | null>;

export const recoverDigestSigner: RecoverSigner = async (digest, signature) => {
  try {
    return await recoverAddress({ hash: digest, signature });
  } catch {
    return null;
  }
};

export interface VerifiedVoucherCacheOptions {
  /** How many verified vouchers to remember; the least recently used is forgotten first. */
  capacity?: number;
  recover?: RecoverSigner;
}

export const DEFAULT_VERIFIED_CAPACITY = 100_000;

/**
 * Remembers vouchers whose signature was verified, so a voucher that authenticates request after
 * request costs a Map lookup instead of an elliptic-curve recovery. The key is every input of
 * the EIP-712 digest (domain, client, vendor, nonce, atoms) plus the signature: equal keys mean
 * equal digest + signature, without hashing on a hit (viem's typed-data hash alone costs about
 * 30 times a lookup). Failures are not cached: that would let anyone fill the cache with garbage
 * and push out real vouchers.
 */
export class VerifiedVoucherCache {
  readonly capacity: number;
  private readonly recover: RecoverSigner;
  // A Map iterates in insertion order; re-inserting on a hit makes the first key the LRU one.
  private readonly verified = new Map<string, true>();

  constructor(options: VerifiedVoucherCacheOptions = {}) {
    this.capacity = options.capacity ?? DEFAULT_VERIFIED_CAPACITY;
    if (!Number.isInteger(this.capacity) || this.capacity < 1) {
      throw new RangeError('capacity must be a positive integer');
    }
    this.recover = options.recover ?? recoverDigestSigner;
  }

  get size(): number {
    return this.verified.size;
  }

  /** True when the voucher is signed by the client it names. */
  async isSignedByClient(voucher: SignedVoucher): Promise<boolean> {
    const key = cacheKey(voucher);
    if (this.verified.has(key)) {
      this.verified.delete(key);
      this.verified.set(key, true);
      return true;
    }
    const signer = await this.recover(voucherDigest(voucher, voucher), voucher.signature);
    if (signer === null || signer.toLowerCase() !== voucher.client.toLowerCase()) return false;
    this.verified.set(key, true);
    if (this.verified.size > this.capacity) {
      const oldest = this.verified.keys().next();
      if (!oldest.done) this.verified.delete(oldest.value);
    }
    return true;
  }
}

function cacheKey(voucher: SignedVoucher): string {
  return [
    voucher.chainId,
    voucher.verifyingContract.toLowerCase(),
    voucher.client.toLowerCase(),
    voucher.vendor.toLowerCase(),
    voucher.nonce,
    voucher.atoms,
    voucher.signature.toLowerCase(),
  ].join(':');
}
