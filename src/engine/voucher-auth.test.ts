import type { Address, Hex } from 'viem';
import { beforeEach, describe, expect, it } from 'vitest';
import { encodeVoucherHeader, parseVoucherHeader, signVoucher, type PaymentErrorCode } from '../protocol';
import { EngineError } from './errors';
import {
  DOMAIN,
  OTHER_VENDOR,
  clientAccount,
  headerOf,
  signVouchers,
  subscribe,
  testVendor,
  type TestVendor,
} from './test-fixtures';
import { VerifiedVoucherCache, recoverDigestPublicKey } from './verified-voucher-cache';

const alice = clientAccount(0);
const bob = clientAccount(1);

async function rejection(promise: Promise<unknown>): Promise<EngineError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof EngineError) return error;
    throw error;
  }
  throw new Error('expected an EngineError');
}

async function expectCode(promise: Promise<unknown>, code: PaymentErrorCode): Promise<EngineError> {
  const error = await rejection(promise);
  expect(error.code).toBe(code);
  return error;
}

let vendor: TestVendor;
beforeEach(() => {
  vendor = testVendor();
  subscribe(vendor.oracle, alice.address, 6_000n);
});

describe('static voucher checks', () => {
  it('accepts a first voucher signed by its client', async () => {
    const [v0] = await signVouchers(alice, [100n]);
    const session = await vendor.engine.acceptSession(headerOf(v0!));
    expect(session).toMatchObject({ client: alice.address, inserted: [0n], lastNonce: 0n });
    expect(session.voucher.signature).toBe(v0!.signature);
  });

  it('accepts a header that went through the wire encoding', async () => {
    const vouchers = await signVouchers(alice, [100n, 200n]);
    const session = await vendor.engine.acceptSession(parseVoucherHeader(encodeVoucherHeader(vouchers)));
    expect(session.inserted).toEqual([0n, 1n]);
  });

  it('rejects a voucher signed by someone other than the client it names: invalid_signature', async () => {
    const [byBob] = await signVouchers(bob, [100n]);
    const forged = { ...byBob!, client: alice.address };
    await expectCode(vendor.engine.acceptSession(headerOf(forged)), 'invalid_signature');
  });

  it('rejects a voucher whose atoms were raised after signing: invalid_signature', async () => {
    const [v0] = await signVouchers(alice, [100n]);
    await expectCode(vendor.engine.acceptSession(headerOf({ ...v0!, atoms: 5000n })), 'invalid_signature');
  });

  it('rejects a voucher with no atoms: zero_atoms', async () => {
    const [v0] = await signVouchers(alice, [0n]);
    await expectCode(vendor.engine.acceptSession(headerOf(v0!)), 'zero_atoms');
  });

  it('rejects a voucher for another vendor: wrong_vendor', async () => {
    const [v0] = await signVouchers(alice, [100n], { vendor: OTHER_VENDOR });
    await expectCode(vendor.engine.acceptSession(headerOf(v0!)), 'wrong_vendor');
  });

  it('rejects a voucher for another chain: wrong_chain', async () => {
    const [v0] = await signVouchers(alice, [100n], { domain: { ...DOMAIN, chainId: 1n } });
    await expectCode(vendor.engine.acceptSession(headerOf(v0!)), 'wrong_chain');
  });

  it('rejects a voucher for another collateral contract: wrong_contract', async () => {
    const domain = { ...DOMAIN, verifyingContract: OTHER_VENDOR };
    const [v0] = await signVouchers(alice, [100n], { domain });
    await expectCode(vendor.engine.acceptSession(headerOf(v0!)), 'wrong_contract');
  });

  it('checks an older voucher in the header too, not only the authenticating one', async () => {
    const [v0, v1] = await signVouchers(alice, [100n, 100n]);
    await expectCode(vendor.engine.acceptSession(headerOf({ ...v0!, atoms: 1n }, v1!)), 'invalid_signature');
    expect(await vendor.engine.nextNonce(alice.address)).toBe(0n);
  });

  it('runs the field checks before any signature recovery', async () => {
    let recoveries = 0;
    const cache = new VerifiedVoucherCache({
      recover: async (digest: Hex, signature: Hex): Promise<Hex | null> => {
        recoveries++;
        return recoverDigestPublicKey(digest, signature);
      },
    });
    const counted = testVendor({ verifiedCache: cache });
    subscribe(counted.oracle, alice.address, 6_000n);
    const [v0] = await signVouchers(alice, [100n]);
    const [v1] = await signVouchers(alice, [0n], { first: 1n });
    // v0 is fine, v1 carries no atoms: the header fails without recovering v0's signer.
    await expectCode(counted.engine.acceptSession(headerOf(v0!, v1!)), 'zero_atoms');
    expect(recoveries).toBe(0);
    await counted.engine.acceptSession(headerOf(v0!));
    expect(recoveries).toBe(1);
  });

  it('rejects a hand-built header whose vouchers disagree on the client or skip nonces', async () => {
    const [a0] = await signVouchers(alice, [100n]);
    const [b1] = await signVouchers(bob, [100n], { first: 1n });
    const [a0again, , a2] = await signVouchers(alice, [100n, 100n, 100n]);
    await expectCode(vendor.engine.acceptSession({ ...headerOf(a0!), vouchers: [a0!, b1!] }), 'malformed_voucher_header');
    await expectCode(vendor.engine.acceptSession(headerOf(a0again!, a2!)), 'malformed_voucher_header');
    await expectCode(vendor.engine.acceptSession({ ...headerOf(a0!), vouchers: [] }), 'malformed_voucher_header');
  });
});

describe('volatile voucher checks', () => {
  it('rejects a client not subscribed to this vendor: not_subscribed', async () => {
    const [v0] = await signVouchers(bob, [100n]);
    vendor.oracle.setClient(bob.address, { collateral: 6_000n, vendors: [OTHER_VENDOR] });
    await expectCode(vendor.engine.acceptSession(headerOf(v0!)), 'not_subscribed');
  });

  it('rejects a voucher worth more than the collateral: collateral_too_low, with credit', async () => {
    const [v0] = await signVouchers(alice, [6_001n]);
    const error = await expectCode(vendor.engine.acceptSession(headerOf(v0!)), 'collateral_too_low');
    expect(error.nextNonce).toBe(0n);
    expect(error.credit).toEqual({ unspent: 0n, unmarked: 0n, locked: 0n, cap: 1_000n, available: 0n });
    const [exact] = await signVouchers(alice, [6_000n]);
    await expect(vendor.engine.acceptSession(headerOf(exact!))).resolves.toMatchObject({ inserted: [0n] });
  });

  it('checks collateral only against new vouchers', async () => {
    const [v0] = await signVouchers(alice, [5_000n]);
    await vendor.engine.acceptSession(headerOf(v0!));
    vendor.oracle.setCollateral(alice.address, 100n);
    await expect(vendor.engine.acceptSession(headerOf(v0!))).resolves.toMatchObject({ inserted: [] });
  });
});

describe('nonces', () => {
  it('starts at 0: a first voucher with nonce 1 is a gap', async () => {
    const [v1] = await signVouchers(alice, [100n], { first: 1n });
    const error = await expectCode(vendor.engine.acceptSession(headerOf(v1!)), 'nonce_gap');
    expect(error.nextNonce).toBe(0n);
  });

  it('continues at last known + 1, reporting the expected nonce on a gap', async () => {
    const [v0, , v2] = await signVouchers(alice, [100n, 100n, 100n]);
    await vendor.engine.acceptSession(headerOf(v0!));
    const error = await expectCode(vendor.engine.acceptSession(headerOf(v2!)), 'nonce_gap');
    expect(error.nextNonce).toBe(1n);
    expect(await vendor.engine.nextNonce(alice.address)).toBe(1n);
  });

  it('accepts a known unspent voucher again as authentication, inserting nothing', async () => {
    const [v0] = await signVouchers(alice, [100n]);
    await vendor.engine.acceptSession(headerOf(v0!));
    const again = await vendor.engine.acceptSession(headerOf(v0!));
    expect(again).toMatchObject({ inserted: [], lastNonce: 0n });
  });

  it('rejects a different voucher under a known nonce: nonce_conflict', async () => {
    const [v0] = await signVouchers(alice, [100n]);
    await vendor.engine.acceptSession(headerOf(v0!));
    const [other] = await signVouchers(alice, [101n]);
    const error = await expectCode(vendor.engine.acceptSession(headerOf(other!)), 'nonce_conflict');
    expect(error.nextNonce).toBe(1n);
    const [v1] = await signVouchers(alice, [100n], { first: 1n });
    await expectCode(vendor.engine.acceptSession(headerOf(other!, v1!)), 'nonce_conflict');
    expect(await vendor.engine.nextNonce(alice.address)).toBe(1n);
  });

  it('shows a client that signed a held nonce again its held vouchers: the conflicting one, the unspent, the newest', async () => {
    const held = await signVouchers(alice, [100n, 200n, 300n]);
    await vendor.engine.acceptSession(headerOf(...held));
    const decision = await vendor.engine.acceptQuery(alice.address, 100n);
    if (!decision.accepted) throw new Error('query refused');
    await vendor.engine.settleQuery(decision.query, { elapsedMs: 100n, bytes: 0n });
    // A wallet that lost its state signs nonce 0 again, with other content.
    const [lost] = await signVouchers(alice, [999n]);
    const error = await expectCode(vendor.engine.acceptSession(headerOf(lost!)), 'nonce_conflict');
    expect(error.nextNonce).toBe(3n);
    expect(error.heldVouchers).toEqual(held.map(({ nonce, atoms, signature }) => ({ nonce, atoms, signature })));
  });

  it('shows the held vouchers on a voucher_spent to a header behind the newest, and not to one at it', async () => {
    const held = await signVouchers(alice, [100n, 100n]);
    await vendor.engine.acceptSession(headerOf(...held));
    for (let spent = 0; spent < 2; spent++) {
      const decision = await vendor.engine.acceptQuery(alice.address, 100n);
      if (!decision.accepted) throw new Error('query refused');
      await vendor.engine.settleQuery(decision.query, { elapsedMs: 100n, bytes: 0n });
    }
    const behind = await expectCode(vendor.engine.acceptSession(headerOf(held[0]!)), 'voucher_spent');
    expect(behind.heldVouchers?.map((voucher) => voucher.nonce)).toEqual([1n]);
    const atNewest = await expectCode(vendor.engine.acceptSession(headerOf(held[1]!)), 'voucher_spent');
    expect(atNewest.heldVouchers).toBeUndefined();
  });

  it('shows nothing to a header whose conflicting voucher is not signed by the client: invalid_signature first', async () => {
    const [v0] = await signVouchers(alice, [100n]);
    await vendor.engine.acceptSession(headerOf(v0!));
    // Bob signs a voucher naming Alice as the client (he wants to read her vouchers).
    const [forged] = await signVouchers(bob, [101n]);
    const error = await expectCode(vendor.engine.acceptSession(headerOf({ ...forged!, client: alice.address })), 'invalid_signature');
    expect(error.heldVouchers).toBeUndefined();
  });

  it('rejects a spent authenticating voucher: voucher_spent, but accepts it as an acknowledgement', async () => {
    const [v0, v1] = await signVouchers(alice, [100n, 100n]);
    await vendor.engine.acceptSession(headerOf(v0!));
    const decision = await vendor.engine.acceptQuery(alice.address, 100n);
    if (!decision.accepted) throw new Error('query refused');
    await vendor.engine.settleQuery(decision.query, { elapsedMs: 100n, bytes: 0n });
    const error = await expectCode(vendor.engine.acceptSession(headerOf(v0!)), 'voucher_spent');
    expect(error.nextNonce).toBe(1n);
    expect(error.credit?.unspent).toBe(0n);
    // v0 rides along as an acknowledgement; the new v1 authenticates.
    await expect(vendor.engine.acceptSession(headerOf(v0!, v1!))).resolves.toMatchObject({ inserted: [1n] });
    await expect(vendor.engine.acceptSession(headerOf(v0!, v1!))).resolves.toMatchObject({ inserted: [] });
  });
});

describe('a rejected header changes no state', () => {
  it('stores none of its new vouchers when a later one fails collateral', async () => {
    const [v0, v1] = await signVouchers(alice, [100n, 7_000n]);
    await expectCode(vendor.engine.acceptSession(headerOf(v0!, v1!)), 'collateral_too_low');
    const state = await vendor.engine.inspect(alice.address);
    expect(state.vouchers).toEqual([]);
    expect(state.nextNonce).toBe(0n);
  });

  it('stores none of its new vouchers when a later one fails the signature check', async () => {
    const [v0, v1] = await signVouchers(alice, [100n, 100n]);
    await expectCode(vendor.engine.acceptSession(headerOf(v0!, { ...v1!, atoms: 99n })), 'invalid_signature');
    expect((await vendor.engine.inspect(alice.address)).vouchers).toEqual([]);
  });

  it('keeps accepting the client afterwards', async () => {
    const [v0, v1] = await signVouchers(alice, [100n, 7_000n]);
    await expectCode(vendor.engine.acceptSession(headerOf(v0!, v1!)), 'collateral_too_low');
    const replacement = await signVoucher(alice, DOMAIN, { vendor: v0!.vendor, nonce: 1n, atoms: 200n });
    await expect(vendor.engine.acceptSession(headerOf(v0!, replacement))).resolves.toMatchObject({
      inserted: [0n, 1n],
      lastNonce: 1n,
    });
  });
});
