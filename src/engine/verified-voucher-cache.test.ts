import type { Address, Hex } from 'viem';
import { describe, expect, it } from 'vitest';
import type { SignedVoucher } from '../protocol';
import { clientAccount, signVouchers } from './test-fixtures';
import { VerifiedVoucherCache, recoverDigestSigner, type RecoverSigner } from './verified-voucher-cache';

const alice = clientAccount(0);
const bob = clientAccount(1);

/** The real recovery, counted. */
function countingRecover(): { recover: RecoverSigner; calls: () => number } {
  let calls = 0;
  return {
    recover: async (digest: Hex, signature: Hex): Promise<Address | null> => {
      calls++;
      return recoverDigestSigner(digest, signature);
    },
    calls: () => calls,
  };
}

describe('VerifiedVoucherCache', () => {
  it('recovers a voucher once, then answers from the cache', async () => {
    const [voucher] = await signVouchers(alice, [100n]);
    const counter = countingRecover();
    const cache = new VerifiedVoucherCache({ recover: counter.recover });
    expect(await cache.isSignedByClient(voucher!)).toBe(true);
    expect(await cache.isSignedByClient(voucher!)).toBe(true);
    expect(await cache.isSignedByClient({ ...voucher! })).toBe(true);
    expect(counter.calls()).toBe(1);
    expect(cache.size).toBe(1);
  });

  it('rejects a voucher whose content was changed after signing, and does not cache failures', async () => {
    const [voucher] = await signVouchers(alice, [100n]);
    const counter = countingRecover();
    const cache = new VerifiedVoucherCache({ recover: counter.recover });
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
    const cache = new VerifiedVoucherCache({ recover: counter.recover });
    await cache.isSignedByClient(voucher!);
    const upper = voucher!.signature.toUpperCase().replace('0X', '0x') as Hex;
    // Case of the hex does not make a new signature.
    await cache.isSignedByClient({ ...voucher!, signature: upper });
    expect(counter.calls()).toBe(1);
  });

  it('forgets the least recently used voucher beyond its capacity', async () => {
    const [a, b, c] = await signVouchers(alice, [1n, 2n, 3n]);
    const counter = countingRecover();
    const cache = new VerifiedVoucherCache({ capacity: 2, recover: counter.recover });
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
