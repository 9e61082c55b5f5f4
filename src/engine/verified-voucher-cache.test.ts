import type { Address, Hex } from 'viem';
import { describe, expect, it } from 'vitest';
import type { SignedVoucher } from '../protocol';
import { clientAccount, signVouchers } from './test-fixtures';
import { VerifiedVoucherCache, recoverDigestPublicKey, type RecoverPublicKey } from './verified-voucher-cache';

const alice = clientAccount(0);
const bob = clientAccount(1);

/** The real recovery, counted. */
function countingRecover(): { recover: RecoverPublicKey; calls: () => number } {
  let calls = 0;
  return {
    recover: async (digest: Hex, signature: Hex): Promise<Hex | null> => {
      calls++;
      return recoverDigestPublicKey(digest, signature);
    },
    calls: () => calls,
  };
}

describe('VerifiedVoucherCache', () => {
  // knownClients: 0 keeps no client key, so every miss is a recovery and the counts below are the cache's alone.
  it('recovers a voucher once, then answers from the cache', async () => {
    const [voucher] = await signVouchers(alice, [100n]);
    const counter = countingRecover();
    const cache = new VerifiedVoucherCache({ knownClients: 0, recover: counter.recover });
    expect(await cache.isSignedByClient(voucher!)).toBe(true);
    expect(await cache.isSignedByClient(voucher!)).toBe(true);
    expect(await cache.isSignedByClient({ ...voucher! })).toBe(true);
    expect(counter.calls()).toBe(1);
    expect(cache.size).toBe(1);
  });

  it('rejects a voucher whose content was changed after signing, and does not cache failures', async () => {
    const [voucher] = await signVouchers(alice, [100n]);
    const counter = countingRecover();
    const cache = new VerifiedVoucherCache({ knownClients: 0, recover: counter.recover });
    expect(await cache.isSignedByClient(voucher!)).toBe(true);
    const inflated: SignedVoucher = { ...voucher!, atoms: 1_000_000n };
    expect(await cache.isSignedByClient(inflated)).toBe(false);
    expect(await cache.isSignedByClient(inflated)).toBe(false);
    expect(counter.calls()).toBe(3);
    expect(cache.size).toBe(1);
  });

  it('rejects a voucher that names another client than the signer', async () => {
    const [voucher] = await signVouchers(alice, [100n]);
    const cache = new VerifiedVoucherCache();
    expect(await cache.isSignedByClient({ ...voucher!, client: bob.address })).toBe(false);
  });

  it('rejects an unusable signature without throwing', async () => {
    const [voucher] = await signVouchers(alice, [100n]);
    const cache = new VerifiedVoucherCache();
    const garbage = `0x${'00'.repeat(65)}` as Hex;
    expect(await cache.isSignedByClient({ ...voucher!, signature: garbage })).toBe(false);
  });

  it('treats the same content with another signature as a new entry', async () => {
    const [voucher] = await signVouchers(alice, [100n]);
    const counter = countingRecover();
    const cache = new VerifiedVoucherCache({ knownClients: 0, recover: counter.recover });
    await cache.isSignedByClient(voucher!);
    const upper = voucher!.signature.toUpperCase().replace('0X', '0x') as Hex;
    // Case of the hex does not make a new signature.
    await cache.isSignedByClient({ ...voucher!, signature: upper });
    expect(counter.calls()).toBe(1);
  });

  it('forgets the least recently used voucher beyond its capacity', async () => {
    const [a, b, c] = await signVouchers(alice, [1n, 2n, 3n]);
    const counter = countingRecover();
    const cache = new VerifiedVoucherCache({ capacity: 2, knownClients: 0, recover: counter.recover });
    await cache.isSignedByClient(a!);
    await cache.isSignedByClient(b!);
    await cache.isSignedByClient(a!); // a is now the most recent
    await cache.isSignedByClient(c!); // evicts b
    expect(cache.size).toBe(2);
    expect(counter.calls()).toBe(3);
    await cache.isSignedByClient(a!);
    await cache.isSignedByClient(c!);
    expect(counter.calls()).toBe(3);
    await cache.isSignedByClient(b!);
    expect(counter.calls()).toBe(4);
  });

  it('refuses a capacity below one', () => {
    expect(() => new VerifiedVoucherCache({ capacity: 0 })).toThrow(RangeError);
    expect(() => new VerifiedVoucherCache({ capacity: 1.5 })).toThrow(RangeError);
  });
});

describe('VerifiedVoucherCache with known client keys', () => {
  it('recovers a client once, then verifies its later vouchers against the kept key', async () => {
    const [v0, v1, v2] = await signVouchers(alice, [1n, 2n, 3n]);
    const counter = countingRecover();
    const cache = new VerifiedVoucherCache({ recover: counter.recover });
    for (const voucher of [v0!, v1!, v2!]) expect(await cache.isSignedByClient(voucher)).toBe(true);
    expect(counter.calls()).toBe(1);
    expect(cache.knownClients).toBe(1);
    expect(cache.size).toBe(3);
  });

  it('refuses through the kept key what recovery refuses, without recovering', async () => {
    const [v0, v1] = await signVouchers(alice, [1n, 2n]);
    const [bobs] = await signVouchers(bob, [2n], { first: 1n });
    const counter = countingRecover();
    const cache = new VerifiedVoucherCache({ recover: counter.recover });
    await cache.isSignedByClient(v0!);
    expect(await cache.isSignedByClient({ ...v1!, atoms: 3n })).toBe(false);
    expect(await cache.isSignedByClient({ ...bobs!, client: alice.address })).toBe(false);
    expect(counter.calls()).toBe(1);
  });
});
