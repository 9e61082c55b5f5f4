import fc from 'fast-check';
import { recoverPublicKey, type Hex } from 'viem';
import { beforeAll, describe, expect, it } from 'vitest';
import { secp256k1 } from '@noble/curves/secp256k1';
import { voucherDigest, type SignedVoucher } from '../protocol';
import { ClientPublicKeys } from './client-public-keys';
import type { NativeSecp256k1 } from './native-secp256k1';
import { nativeForTests } from './test-native-secp256k1';
import { clientAccount, signVouchers } from './test-fixtures';

const alice = clientAccount(0);
const bob = clientAccount(1);
const SECP256K1_N = secp256k1.CURVE.n;

function digestOf(voucher: SignedVoucher): Hex {
  return voucherDigest(voucher, voucher);
}

let native: NativeSecp256k1 | null = null;

async function keysKnowing(voucher: SignedVoucher, capacity?: number): Promise<ClientPublicKeys> {
  const keys = new ClientPublicKeys(capacity, native);
  keys.remember(voucher.client, await recoverPublicKey({ hash: digestOf(voucher), signature: voucher.signature }));
  return keys;
}

function withV(signature: Hex, v: number): Hex {
  return `${signature.slice(0, 130)}${v.toString(16).padStart(2, '0')}` as Hex;
}

function hex32(value: bigint): string {
  return value.toString(16).padStart(64, '0');
}

/** What recovery decides: the recovered key is the known one. */
async function recoveryAccepts(digest: Hex, signature: Hex, publicKey: Hex): Promise<boolean> {
  try {
    return (await recoverPublicKey({ hash: digest, signature })).toLowerCase() === publicKey.toLowerCase();
  } catch {
    return false;
  }
}

const backends: [string, NativeSecp256k1 | null | undefined][] = [
  ['JS curve math', null],
  ['native recovery', nativeForTests.native],
];

describe.each(backends)('ClientPublicKeys, %s', (_name, backend) => {
  const skip = backend === undefined;
  if (skip) it.skip(`native recovery not loadable: ${nativeForTests.why}`, () => {});
  beforeAll(() => {
    native = backend ?? null;
  });

  it.skipIf(skip)('verifies a later voucher of a known client', async () => {
    const [v0, v1] = await signVouchers(alice, [1n, 2n]);
    const keys = await keysKnowing(v0!);
    expect(keys.verify(alice.address, digestOf(v1!), v1!.signature)).toBe(true);
  });

  it.skipIf(skip)('does not know a client it never saw', async () => {
    const [v0] = await signVouchers(alice, [1n]);
    const [b0] = await signVouchers(bob, [1n]);
    const keys = await keysKnowing(v0!);
    expect(keys.verify(bob.address, digestOf(b0!), b0!.signature)).toBeUndefined();
  });

  it.skipIf(skip)('refuses the flipped v, which a generic ECDSA verify would accept and recovery refuses', async () => {
    const [v0, v1] = await signVouchers(alice, [1n, 2n]);
    const keys = await keysKnowing(v0!);
    const v = Number.parseInt(v1!.signature.slice(130), 16);
    const flipped = withV(v1!.signature, v === 27 ? 28 : 27);
    expect(keys.verify(alice.address, digestOf(v1!), flipped)).toBe(false);
  });

  it.skipIf(skip)('leaves a signature outside the canonical form to recovery (high s, v 0/1)', async () => {
    const [v0, v1] = await signVouchers(alice, [1n, 2n]);
    const keys = await keysKnowing(v0!);
    const sig = v1!.signature;
    const s = BigInt(`0x${sig.slice(66, 130)}`);
    const v = Number.parseInt(sig.slice(130), 16);
    const highS = `${sig.slice(0, 66)}${hex32(SECP256K1_N - s)}${(v === 27 ? 28 : 27).toString(16)}` as Hex;
    expect(keys.verify(alice.address, digestOf(v1!), highS)).toBeUndefined();
    expect(keys.verify(alice.address, digestOf(v1!), withV(sig, v - 27))).toBeUndefined();
  });

  it.skipIf(skip)('agrees with recovery on altered digests and signatures', async () => {
    const [v0, v1] = await signVouchers(alice, [1n, 2n]);
    const publicKey = await recoverPublicKey({ hash: digestOf(v0!), signature: v0!.signature });
    const keys = await keysKnowing(v0!);
    const sig = v1!.signature;
    const r = BigInt(`0x${sig.slice(2, 66)}`);
    const s = BigInt(`0x${sig.slice(66, 130)}`);
    await fc.assert(
      fc.asyncProperty(
        fc.bigInt({ min: 0n, max: 3n }),
        fc.bigInt({ min: 0n, max: 3n }),
        fc.boolean(),
        fc.boolean(),
        async (rDelta, sDelta, flipV, otherDigest) => {
          const r2 = (r + rDelta) % SECP256K1_N || 1n;
          const s2 = (s + sDelta) % SECP256K1_N || 1n;
          const v = Number.parseInt(sig.slice(130), 16);
          const signature = `0x${hex32(r2)}${hex32(s2)}${(flipV ? 55 - v : v).toString(16)}` as Hex;
          const digest = otherDigest ? digestOf(v0!) : digestOf(v1!);
          const fast = keys.verify(alice.address, digest, signature);
          if (fast === undefined) return; // not canonical: the caller recovers
          expect(fast).toBe(await recoveryAccepts(digest, signature, publicKey));
        },
      ),
      { numRuns: 40 },
    );
  });

  it.skipIf(skip)('forgets the least recently used client beyond its capacity, and keeps none at 0', async () => {
    const [a0, a1] = await signVouchers(alice, [1n, 2n]);
    const [b0] = await signVouchers(bob, [1n]);
    const keys = await keysKnowing(a0!, 1);
    keys.remember(bob.address, await recoverPublicKey({ hash: digestOf(b0!), signature: b0!.signature }));
    expect(keys.size).toBe(1);
    expect(keys.verify(alice.address, digestOf(a1!), a1!.signature)).toBeUndefined();
    const none = await keysKnowing(a0!, 0);
    expect(none.size).toBe(0);
    expect(() => new ClientPublicKeys(-1, native)).toThrow(RangeError);
  });
});
