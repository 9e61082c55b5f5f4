import fc from 'fast-check';
import { secp256k1 } from '@noble/curves/secp256k1';
import { bytesToHex, type Hex } from 'viem';
import { describe, expect, it } from 'vitest';
import { isCanonicalSignature, signVoucher, type SignedVoucher } from '../protocol';
import { recoverDigestPublicKey, VerifiedVoucherCache } from './verified-voucher-cache';
import { nativeForTests } from './test-native-secp256k1';
import { DOMAIN, VENDOR, clientAccount } from './test-fixtures';

const native = nativeForTests.native;
const N = secp256k1.CURVE.n;
const hex32 = (value: bigint) => value.toString(16).padStart(64, '0');

/** A signature: valid for the digest, or made invalid in one of the ways that matter. */
const signatures = fc
  .record({
    key: fc.uint8Array({ minLength: 32, maxLength: 32 }).filter((bytes) => {
      const scalar = BigInt(bytesToHex(bytes));
      return scalar > 0n && scalar < N;
    }),
    digest: fc.uint8Array({ minLength: 32, maxLength: 32 }),
    change: fc.constantFrom('none', 'flip-v', 'v-0-1', 'v-29', 'high-s', 'r-plus', 's-plus', 'r-zero', 's-zero', 'r-over-n', 'random-r', 'other-digest'),
    noise: fc.bigInt({ min: 1n, max: 2n ** 256n - 1n }),
  })
  .map(({ key, digest, change, noise }) => {
    const signed = secp256k1.sign(digest, key, { lowS: true });
    let r = signed.r;
    let s = signed.s;
    let v = 27 + signed.recovery;
    let message = bytesToHex(digest);
    if (change === 'flip-v') v = 55 - v;
    if (change === 'v-0-1') v -= 27;
    if (change === 'v-29') v = 29;
    if (change === 'high-s') s = N - s;
    if (change === 'r-plus') r = (r + noise) % N || 1n;
    if (change === 's-plus') s = (s + noise) % N || 1n;
    if (change === 'r-zero') r = 0n;
    if (change === 's-zero') s = 0n;
    if (change === 'r-over-n') r = N + (noise % (2n ** 256n - N));
    if (change === 'random-r') r = noise;
    if (change === 'other-digest') message = `0x${hex32(noise)}`;
    return { digest: message as Hex, signature: `0x${hex32(r)}${hex32(s)}${v.toString(16).padStart(2, '0')}` as Hex };
  });

describe.skipIf(!native)('native secp256k1 recovery', () => {
  if (!native) it.skip(`not loadable: ${nativeForTests.why}`, () => {});

  it('recovers what the JS recovery recovers, and refuses what it refuses', async () => {
    await fc.assert(
      fc.asyncProperty(signatures, async ({ digest, signature }) => {
        const fast = native!.recover(digest, signature);
        const slow = await recoverDigestPublicKey(digest, signature);
        if (fast === undefined) {
          // Left to the JS path: only a signature outside the canonical form.
          expect(isCanonicalSignature(signature)).toBe(false);
          return;
        }
        expect(fast).toBe(slow === null ? null : slow.toLowerCase());
      }),
      { numRuns: 400 },
    );
  });

  it('makes VerifiedVoucherCache decide exactly as the JS path, for a first voucher and a known client’s later ones', async () => {
    const account = clientAccount(77);
    const vouchers: SignedVoucher[] = [];
    for (let nonce = 0n; nonce < 6n; nonce++) vouchers.push(await signVoucher(account, DOMAIN, { vendor: VENDOR, nonce, atoms: 1_000n + nonce }));
    const altered = fc.record({
      index: fc.nat({ max: vouchers.length - 1 }),
      change: fc.constantFrom('none', 'flip-v', 'atoms', 'byte', 'other-client'),
      position: fc.nat({ max: 129 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(altered, { minLength: 1, maxLength: 8 }), async (sequence) => {
        const withNative = new VerifiedVoucherCache({ native: native! });
        const withJs = new VerifiedVoucherCache({ native: null });
        expect(withNative.isNative).toBe(true);
        expect(withJs.isNative).toBe(false);
        for (const { index, change, position } of sequence) {
          const original = vouchers[index]!;
          let voucher: SignedVoucher = original;
          const v = Number.parseInt(original.signature.slice(130), 16);
          if (change === 'flip-v') voucher = { ...original, signature: `${original.signature.slice(0, 130)}${(55 - v).toString(16)}` as Hex };
          if (change === 'atoms') voucher = { ...original, atoms: original.atoms + 1n };
          if (change === 'other-client') voucher = { ...original, client: clientAccount(78).address };
          if (change === 'byte') {
            const at = 2 + position;
            const digit = original.signature[at] === '0' ? '1' : '0';
            voucher = { ...original, signature: `${original.signature.slice(0, at)}${digit}${original.signature.slice(at + 1)}` as Hex };
          }
          expect(await withNative.isSignedByClient(voucher)).toBe(await withJs.isSignedByClient(voucher));
        }
      }),
      { numRuns: 60 },
    );
  });
});
