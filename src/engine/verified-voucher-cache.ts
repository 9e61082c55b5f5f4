import { keccak256, recoverPublicKey, type Hex } from 'viem';
import { voucherDigest, type SignedVoucher } from '../protocol';
import { ClientPublicKeys, DEFAULT_KNOWN_CLIENTS } from './client-public-keys';
import { loadNativeSecp256k1, type NativeSecp256k1 } from './native-secp256k1';

/**
 * Recovers the public key (uncompressed, 0x04 ‖ x ‖ y) that signed an EIP-712 digest, or null
 * when the signature is unusable.
 */
export type RecoverPublicKey = (digest: Hex, signature: Hex) => Promise<Hex | null>;

export const recoverDigestPublicKey: RecoverPublicKey = async (digest, signature) => {
  try {
    return await recoverPublicKey({ hash: digest, signature });
  } catch {
    return null;
  }
};

export interface VerifiedVoucherCacheOptions {
  /** How many verified vouchers to remember; the least recently used is forgotten first. */
  capacity?: number;
  /** How many clients' public keys to keep for verification without recovery; 0 keeps none. */
  knownClients?: number;
  recover?: RecoverPublicKey;
  /**
   * Native recovery for canonical signatures (the first voucher of a client and, against the kept
   * key, its later ones); default: the optional `secp256k1` package when it loads, else none.
   * null: JS only. A custom `recover` (tests) turns the default off.
   */
  native?: NativeSecp256k1 | null;
}

export const DEFAULT_VERIFIED_CAPACITY = 100_000;

/**
 * Remembers vouchers whose signature was verified, so a voucher that authenticates request after
 * request costs a Map lookup instead of an elliptic-curve recovery. The key is every input of
 * the EIP-712 digest (domain, client, vendor, nonce, atoms) plus the signature: equal keys mean
 * equal digest + signature, without hashing on a hit (viem's typed-data hash alone costs about
 * 30 times a lookup). Failures are not cached: that would let anyone fill the cache with garbage
 * and push out real vouchers. A voucher missing from the cache costs a recovery the first time its
 * client is seen and a cheaper verification against the client's recovered key after that.
 */
export class VerifiedVoucherCache {
  readonly capacity: number;
  private readonly recover: RecoverPublicKey;
  private readonly clientKeys: ClientPublicKeys;
  private readonly native: NativeSecp256k1 | null;
  // A Map iterates in insertion order; re-inserting on a hit makes the first key the LRU one.
  private readonly verified = new Map<string, true>();

  constructor(options: VerifiedVoucherCacheOptions = {}) {
    this.capacity = options.capacity ?? DEFAULT_VERIFIED_CAPACITY;
    if (!Number.isInteger(this.capacity) || this.capacity < 1) {
      throw new RangeError('capacity must be a positive integer');
    }
    this.recover = options.recover ?? recoverDigestPublicKey;
    this.native = options.native !== undefined ? options.native : options.recover ? null : loadNativeSecp256k1();
    this.clientKeys = new ClientPublicKeys(options.knownClients ?? DEFAULT_KNOWN_CLIENTS, this.native);
  }

  /** True when signatures are recovered by the native library. */
  get isNative(): boolean {
    return this.native !== null;
  }

  get size(): number {
    return this.verified.size;
  }

  /** How many clients' public keys are kept. */
  get knownClients(): number {
    return this.clientKeys.size;
  }

  /** True when the voucher is signed by the client it names. */
  async isSignedByClient(voucher: SignedVoucher): Promise<boolean> {
    const key = cacheKey(voucher);
    if (this.verified.has(key)) {
      this.verified.delete(key);
      this.verified.set(key, true);
      return true;
    }
    const digest = voucherDigest(voucher, voucher);
    const byKnownKey = this.clientKeys.verify(voucher.client, digest, voucher.signature);
    if (byKnownKey === false) return false;
    if (byKnownKey === undefined && !(await this.recoveredFromClient(voucher, digest))) return false;
    this.verified.set(key, true);
    if (this.verified.size > this.capacity) {
      const oldest = this.verified.keys().next();
      if (!oldest.done) this.verified.delete(oldest.value);
    }
    return true;
  }

  private async recoveredFromClient(voucher: SignedVoucher, digest: Hex): Promise<boolean> {
    const natively = this.native?.recover(digest, voucher.signature);
    const publicKey = natively !== undefined ? natively : await this.recover(digest, voucher.signature);
    if (publicKey === null || addressOf(publicKey) !== voucher.client.toLowerCase()) return false;
    this.clientKeys.remember(voucher.client, publicKey);
    return true;
  }
}

/** The lower-case address of an uncompressed public key: viem's publicKeyToAddress without the EIP-55 checksum it would hash again. */
function addressOf(publicKey: Hex): string {
  return `0x${keccak256(`0x${publicKey.slice(4)}`).slice(26)}`.toLowerCase();
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
