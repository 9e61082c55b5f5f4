import { secp256k1 } from '@noble/curves/secp256k1';
import { invert } from '@noble/curves/abstract/modular';
import type { Address, Hex } from 'viem';
import { isCanonicalSignature } from '../protocol';
import type { NativeSecp256k1 } from './native-secp256k1';

type Point = InstanceType<typeof secp256k1.ProjectivePoint>;

const N = secp256k1.CURVE.n;
const G = secp256k1.ProjectivePoint.BASE;

export const DEFAULT_KNOWN_CLIENTS = 1_000;
/**
 * Precomputed multiples of a client's key make its verification about 3× faster than a recovery;
 * a window of 4 costs ~50 KB of heap per client (8 would be another 1.4× for ~340 KB), so the
 * default 1,000 known clients hold ~50 MB.
 */
const PRECOMPUTE_WINDOW = 4;

/** A kept key: as recovered (lower-case hex), and as a precomputed point for the JS path. */
interface KeptKey {
  hex: string;
  point: Point | undefined;
}

/**
 * The public keys of clients whose signature was recovered once, so their later vouchers cost
 * a plain ECDSA verification against the known key instead of a public-key recovery. With the
 * native library (native-secp256k1.ts) a recovery is cheaper still, and the same check: the
 * signature recovers to the kept key. Least recently used clients are forgotten first.
 */
export class ClientPublicKeys {
  private readonly keys = new Map<string, KeptKey>();

  constructor(
    readonly capacity: number = DEFAULT_KNOWN_CLIENTS,
    private readonly native: NativeSecp256k1 | null = null,
  ) {
    if (!Number.isInteger(capacity) || capacity < 0) throw new RangeError('capacity must be a non-negative integer');
  }

  get size(): number {
    return this.keys.size;
  }

  /** Keeps the key that a recovery proved to be the client's (uncompressed 0x04 ‖ x ‖ y). */
  remember(client: Address, publicKey: Hex): void {
    if (this.capacity === 0) return;
    const id = client.toLowerCase();
    this.keys.delete(id);
    let point: Point | undefined;
    if (this.native === null) {
      point = secp256k1.ProjectivePoint.fromHex(publicKey.slice(2));
      secp256k1.utils.precompute(PRECOMPUTE_WINDOW, point);
    }
    this.keys.set(id, { hex: publicKey.toLowerCase(), point });
    if (this.keys.size > this.capacity) {
      const oldest = this.keys.keys().next();
      if (!oldest.done) this.keys.delete(oldest.value);
    }
  }

  /**
   * Whether the client's known key signed the digest, with the exact outcome a recovery would
   * give: true only when recovering (r, s, v) yields that key. Undefined when the key is not
   * known or the signature is outside the canonical form, so the caller recovers instead.
   */
  verify(client: Address, digest: Hex, signature: Hex): boolean | undefined {
    const id = client.toLowerCase();
    const key = this.keys.get(id);
    if (key === undefined || !isCanonicalSignature(signature)) return undefined;
    this.keys.delete(id);
    this.keys.set(id, key);
    if (key.point === undefined) {
      const recovered = this.native!.recover(digest, signature);
      // Undefined cannot happen for a canonical signature; the recovery path then decides.
      return recovered === undefined ? undefined : recovered === key.hex;
    }
    return signedBy(key.point, digest, signature);
  }
}

/**
 * R = (e/s)·G + (r/s)·Q. Recovery with v 27/28 rebuilds R from x = r and y of parity v − 27,
 * then Q = (s·R − e·G)/r; so it yields Q exactly when this R has x = r and that parity.
 * Checking only x (what a generic ECDSA verify does) would also accept the flipped v, whose
 * recovery gives another address, one a chain contract would refuse.
 */
function signedBy(key: Point, digest: Hex, signature: Hex): boolean {
  const r = BigInt(`0x${signature.slice(2, 66)}`);
  const s = BigInt(`0x${signature.slice(66, 130)}`);
  const yParity = Number.parseInt(signature.slice(130, 132), 16) - 27;
  const e = BigInt(digest) % N;
  const w = invert(s, N);
  const u1 = (e * w) % N;
  const u2 = (r * w) % N;
  // u1 = 0 happens only for a digest ≡ 0 (mod n); noble's multiply refuses 0, and u1·G is then nothing.
  const sum = u1 === 0n ? key.multiply(u2) : G.multiply(u1).add(key.multiply(u2));
  if (sum.equals(secp256k1.ProjectivePoint.ZERO)) return false;
  const R = sum.toAffine();
  return R.x === r && Number(R.y & 1n) === yParity;
}
