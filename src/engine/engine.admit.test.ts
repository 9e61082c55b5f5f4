import type { Address, Hex } from 'viem';
import { beforeEach, describe, expect, it } from 'vitest';
import type { VoucherHeader } from '../protocol';
import { EngineError } from './errors';
import { VerifiedVoucherCache, recoverDigestPublicKey } from './verified-voucher-cache';
import { clientAccount, headerOf, signVouchers, subscribe, testVendor, type TestVendor } from './test-fixtures';

const alice = clientAccount(0);

let vendor: TestVendor;
let recoveries: number;
beforeEach(() => {
  recoveries = 0;
  const verifiedCache = new VerifiedVoucherCache({
    capacity: 1,
    // No client keys kept: the tests count recoveries to see what the voucher cache holds.
    knownClients: 0,
    recover: async (digest: Hex, signature: Hex): Promise<Hex | null> => {
      recoveries++;
      return recoverDigestPublicKey(digest, signature);
    },
  });
  vendor = testVendor({ verifiedCache });
  // cap = 60_000 / (1 + 5) = 10_000.
  subscribe(vendor.oracle, alice.address, 60_000n);
});

function frozen(header: VoucherHeader): VoucherHeader {
  for (const voucher of header.vouchers) Object.freeze(voucher);
  Object.freeze(header.vouchers);
  return Object.freeze(header);
}

describe('Engine.acceptSessionAndQuery', () => {
  it('stores the header’s vouchers and locks the query in one call', async () => {
    const [v0] = await signVouchers(alice, [1_000n]);
    const { session, decision } = await vendor.engine.acceptSessionAndQuery(headerOf(v0!), 300n);
    expect(session).toMatchObject({ client: alice.address, inserted: [0n], lastNonce: 0n });
    expect(decision).toMatchObject({ accepted: true, credit: { unspent: 1_000n, locked: 300n, available: 700n } });
    if (!decision.accepted) return;
    expect(await vendor.engine.credit(alice.address)).toMatchObject({ locked: 300n, available: 700n });
    const settled = await vendor.engine.settleQuery(decision.query, { elapsedMs: 1_000n, bytes: 0n });
    expect(settled).toMatchObject({ cost: 1_000n, spentNonces: [0n], credit: { locked: 0n, available: 0n } });
  });

  it('keeps the new voucher when it refuses the query for credit', async () => {
    const [v0] = await signVouchers(alice, [100n]);
    const { session, decision } = await vendor.engine.acceptSessionAndQuery(headerOf(v0!), 101n);
    expect(session.inserted).toEqual([0n]);
    expect(decision).toMatchObject({ accepted: false, code: 'insufficient_credit', credit: { unspent: 100n, available: 100n } });
    expect(await vendor.engine.credit(alice.address)).toMatchObject({ unspent: 100n, locked: 0n });
  });

  it('refuses a spent voucher with the client’s credit and locks nothing', async () => {
    const [v0] = await signVouchers(alice, [100n]);
    const first = await vendor.engine.acceptSessionAndQuery(headerOf(v0!), 10n);
    if (!first.decision.accepted) throw new Error('refused');
    await vendor.engine.settleQuery(first.decision.query, { elapsedMs: 100n, bytes: 0n });
    const refusal = await vendor.engine.acceptSessionAndQuery(headerOf(v0!), 10n).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(EngineError);
    expect(refusal).toMatchObject({ code: 'voucher_spent', nextNonce: 1n, credit: { unspent: 0n, locked: 0n } });
  });

  it('refuses a negative approximate cost before touching the client', async () => {
    const [v0] = await signVouchers(alice, [100n]);
    await expect(vendor.engine.acceptSessionAndQuery(headerOf(v0!), -1n)).rejects.toThrow(RangeError);
    expect((await vendor.engine.inspect(alice.address)).vouchers).toEqual([]);
  });

  it('checks a frozen header once, but still runs the volatile checks every time', async () => {
    const [v0, v1] = await signVouchers(alice, [1_000n, 1_000n]);
    const header = frozen(headerOf(v0!));
    await vendor.engine.acceptSessionAndQuery(header, 1n);
    // The one-entry verified cache forgets v0, so a second static check would recover again.
    await vendor.engine.acceptSessionAndQuery(headerOf(v1!), 1n).catch(() => undefined);
    const before = recoveries;
    await vendor.engine.acceptSessionAndQuery(header, 1n);
    expect(recoveries).toBe(before);
    vendor.oracle.setClient(alice.address, { collateral: 60_000n, vendors: [] });
    await expect(vendor.engine.acceptSessionAndQuery(header, 1n)).rejects.toMatchObject({ code: 'not_subscribed' });
  });

  it('checks a header that can still change every time', async () => {
    const [v0, v1] = await signVouchers(alice, [1_000n, 1_000n]);
    const header = headerOf(v0!);
    await vendor.engine.acceptSessionAndQuery(header, 1n);
    await vendor.engine.acceptSessionAndQuery(headerOf(v1!), 1n).catch(() => undefined);
    const before = recoveries;
    await vendor.engine.acceptSessionAndQuery(header, 1n);
    expect(recoveries).toBe(before + 1);
    // A changed voucher in the same object is caught, not waved through as already checked.
    header.vouchers[0] = { ...v0!, atoms: 999n };
    await expect(vendor.engine.acceptSessionAndQuery(header, 1n)).rejects.toMatchObject({ code: 'invalid_signature' });
  });
});
