import { bytesToHex, hexToBytes, type Hex } from 'viem';
import { isCanonicalSignature } from '../protocol';

/**
 * Public-key recovery by libsecp256k1 through the optional `secp256k1` package (native bindings
 * that ship prebuilt for linux-x64, darwin-arm64 and win32-x64: no build step), ~25× the speed of
 * the JS curve math. Optional: the engine also runs where no native code can (edge runtimes via
 * Hono), and then recovers in JS exactly as before.
 *
 * Why recovery and not a plain verify: a voucher's signature is over a keccak (EIP-712) digest,
 * and node:crypto verifies only over data it hashes itself (no prehashed ECDSA), and has no
 * recovery; a plain verify would also not check v, which decides the address a chain contract
 * recovers (see client-public-keys.ts).
 */
export interface NativeSecp256k1 {
  /**
   * The uncompressed public key (0x04 ‖ x ‖ y) that produced a canonical signature (v 27/28,
   * low s, EIP-2) over `digest`, or null when none does. Undefined for a signature outside the
   * canonical form: the caller's JS path decides those, so both paths refuse alike.
   */
  recover(digest: Hex, signature: Hex): Hex | null | undefined;
}

/** What the package's `bindings` entry exports (its API.md), the part used here. */
interface Bindings {
  ecdsaRecover(signature: Uint8Array, recid: number, message: Uint8Array, compressed: boolean): Uint8Array;
}

/** Wraps the package's bindings; exported for tests that load them from elsewhere. */
export function nativeFromBindings(bindings: Bindings): NativeSecp256k1 {
  return {
    recover(digest, signature) {
      if (!isCanonicalSignature(signature) || !/^0x[0-9a-fA-F]{64}$/.test(digest)) return undefined;
      const bytes = hexToBytes(signature);
      try {
        return bytesToHex(bindings.ecdsaRecover(bytes.subarray(0, 64), bytes[64]! - 27, hexToBytes(digest), false));
      } catch {
        // The package throws for a signature that recovers to no point.
        return null;
      }
    },
  };
}

let loaded: NativeSecp256k1 | null | undefined;

/**
 * The native recovery when the optional `secp256k1` package and its prebuilt binary load here,
 * else null. Required at run time through Node's own require, so no bundler pulls it in and a
 * runtime without `process.getBuiltinModule` (a browser, an edge worker) skips it. Loaded once.
 * VOUCHER_NATIVE_SECP256K1=0 turns it off (to compare with the JS path).
 */
export function loadNativeSecp256k1(): NativeSecp256k1 | null {
  if (loaded !== undefined) return loaded;
  loaded = null;
  const node = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown; env?: Record<string, string | undefined> } }).process;
  if (typeof node?.getBuiltinModule !== 'function' || node.env?.VOUCHER_NATIVE_SECP256K1 === '0') return loaded;
  try {
    const { createRequire } = node.getBuiltinModule('node:module') as typeof import('node:module');
    // `secp256k1/bindings` throws when the binary does not load, where `secp256k1` would fall back to elliptic.
    loaded = nativeFromBindings(createRequire(import.meta.url)('secp256k1/bindings') as Bindings);
  } catch {
    // Not installed, or no prebuilt binary for this platform: the JS path it is.
  }
  return loaded;
}
