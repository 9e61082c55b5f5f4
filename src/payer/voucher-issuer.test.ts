import { privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it, vi } from 'vitest';
import { isVoucherSignedByClient, MAX_UINT64, MAX_VOUCHERS_PER_HEADER, parseVoucherHeader, signVoucher } from '../protocol';
import { createDefaultPolicy, type PaymentPolicy } from './policy';
import { clientAccount, credit, receipt, requirements, vendorKey } from './test-fixtures';
import { StaticAssetRegistry } from './asset-registry';
import { creditNearTopUp, settledLast, unchargedAtoms, VoucherIssuer, type VoucherSigner } from './voucher-issuer';
import { InProcessKeyedLock } from '../lib/keyed-lock';
import { MemoryVoucherStateStore } from './voucher-state/memory';
import { MAX_RETRY_AFTER_MS } from './receipt-waiters';
import type { VoucherStateStore } from './voucher-state/types';

const limits = { limitAtoms: 1_000_000n, maxVoucherAtoms: 50_000n };

/** `fail`: the signer throws like the vault of a locked wallet (true) or with this error. */
function countingSigner(fail: boolean | Error = false): VoucherSigner & { calls: number } {
  const signer = {
    address: clientAccount.address,
    calls: 0,
    signTypedData: (async (args: Parameters<typeof clientAccount.signTypedData>[0]) => {
      signer.calls += 1;
      if (fail instanceof Error) throw fail;
      if (fail) throw Object.assign(new Error('the wallet is locked'), { code: 'wallet_locked' });
      return clientAccount.signTypedData(args);
    }) as typeof clientAccount.signTypedData,
  };
  return signer;
}

function setup(options: { policy?: PaymentPolicy; store?: VoucherStateStore; signer?: VoucherSigner & { calls: number } } = {}) {
  const state = options.store ?? new MemoryVoucherStateStore();
  const signer = options.signer ?? countingSigner();
  const policy = options.policy ?? createDefaultPolicy({ limits: () => limits });
  const issuer = new VoucherIssuer({ state, signer, policy, lock: new InProcessKeyedLock(), now: () => 120_000 });
  return { state, signer, issuer };
}

function nonces(header: string): bigint[] {
  return parseVoucherHeader(header).vouchers.map((v) => v.nonce);
}

/**
 * Signs vouchers 0..count-1 through 402s that each carried the newest one; a receipt charging
 * each voucher whole comes before the next 402, as from a vendor that used it up.
 */
async function signVouchers({ issuer, state }: { issuer: VoucherIssuer; state: VoucherStateStore }, count: number) {
  let sent: bigint | null = null;
  for (let n = 0; n < count; n++) {
    if (sent !== null) {
      const atoms = (await state.get(vendorKey))!.vouchers.at(-1)!.atoms;
      await state.recordReceipt(vendorKey, { lastNonce: sent, credit: credit(0n), cost: atoms, at: 0 });
    }
    const decision = await issuer.onPaymentRequired(requirements({ nextNonce: BigInt(n) }), { sentNewestNonce: sent });
    if (!decision.ok) throw decision.error;
    sent = decision.newestNonce;
  }
}

/** Vouchers 0..count-1 of 10,000 atoms straight into the store, none acknowledged or charged. */
async function seedVouchers(state: VoucherStateStore, count: number) {
  await state.ensure(vendorKey, limits);
  for (let n = 0; n < count; n++) {
    const reserved = await state.reserve(vendorKey, { minNonce: BigInt(n), atomsWanted: 10_000n, atomsMin: 100n, now: 0 });
    if (reserved.kind !== 'reserved') throw new Error(reserved.kind);
    const signed = await signVoucher(clientAccount, vendorKey, { vendor: vendorKey.vendor, nonce: reserved.entry.nonce, atoms: reserved.entry.atoms });
    await state.storeSignature(vendorKey, reserved.entry.nonce, signed.signature);
  }
}

describe('VoucherIssuer.onPaymentRequired', () => {
  it('signs the first voucher at the vendor nextNonce with the suggested atoms, stored before it is returned', async () => {
    const { issuer, state, signer } = setup();
    expect(await issuer.currentHeader(vendorKey)).toBeNull();
    const decision = await issuer.onPaymentRequired(requirements(), { sentNewestNonce: null });
    if (!decision.ok) throw decision.error;
    const [voucher] = parseVoucherHeader(decision.header).vouchers;
    expect(voucher).toMatchObject({ nonce: 0n, atoms: 10_000n, vendor: vendorKey.vendor, client: vendorKey.client });
    expect(await isVoucherSignedByClient(voucher!)).toBe(true);
    expect((await state.get(vendorKey))!.vouchers).toEqual([{ nonce: 0n, atoms: 10_000n, signature: voucher!.signature, reservedAt: 120_000 }]);
    expect((await state.get(vendorKey))!.budget.spentAtoms).toBe(10_000n);
    expect(await issuer.currentHeader(vendorKey)).toBe(decision.header);
    expect(signer.calls).toBe(1);
  });

  it('caps atoms at maxVoucherAtoms and at the budget left', async () => {
    const { issuer, state } = setup({ policy: createDefaultPolicy({ limits: () => ({ limitAtoms: 70_000n, maxVoucherAtoms: 50_000n }) }) });
    const big = requirements({ suggestedVoucherAtoms: 1_000_000n });
    const first = await issuer.onPaymentRequired(big, { sentNewestNonce: null });
    if (!first.ok) throw first.error;
    expect(first.signed!.atoms).toBe(50_000n);
    await state.recordReceipt(vendorKey, { lastNonce: 0n, credit: credit(0n), cost: 50_000n, at: 0 });
    const second = await issuer.onPaymentRequired({ ...big, nextNonce: 1n }, { sentNewestNonce: 0n });
    if (!second.ok) throw second.error;
    expect(second.signed!.atoms).toBe(20_000n);
    await state.recordReceipt(vendorKey, { lastNonce: 1n, credit: credit(0n), cost: 20_000n, at: 0 });
    const third = await issuer.onPaymentRequired({ ...big, nextNonce: 2n }, { sentNewestNonce: 1n });
    expect(third.ok).toBe(false);
    expect(!third.ok && third.error.code).toBe('budget_exhausted');
  });

  it('signs one voucher for 100 parallel 402s', async () => {
    const ctx = setup();
    const { issuer, signer, state } = ctx;
    await signVouchers(ctx, 1);
    await state.recordReceipt(vendorKey, { lastNonce: 0n, credit: credit(0n), cost: 10_000n, at: 0 });
    const spent = requirements({ nextNonce: 1n, error: { code: 'voucher_spent', message: 'spent' } });
    const decisions = await Promise.all(Array.from({ length: 100 }, () => issuer.onPaymentRequired(spent, { sentNewestNonce: 0n })));
    expect(decisions.every((d) => d.ok && d.newestNonce === 1n)).toBe(true);
    expect(decisions.filter((d) => d.ok && d.signed !== null)).toHaveLength(1);
    expect(signer.calls).toBe(2);
    expect((await state.get(vendorKey))!.nextNonce).toBe(2n);
  });

  it('never lets two issuers without a shared lock both spend the last atoms', async () => {
    const store = new MemoryVoucherStateStore();
    const policy = createDefaultPolicy({ limits: () => ({ limitAtoms: 150n, maxVoucherAtoms: 150n }) });
    const a = setup({ store, policy });
    const b = setup({ store, policy });
    const req = requirements({ suggestedVoucherAtoms: 100n });
    const decisions = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).issuer.onPaymentRequired(req, { sentNewestNonce: null })),
    );
    const state = (await store.get(vendorKey))!;
    expect(state.budget.spentAtoms).toBe(100n);
    expect(state.vouchers.map((v) => v.nonce)).toEqual([0n]);
    for (const decision of decisions) {
      if (decision.ok) expect(nonces(decision.header)).toEqual([0n]);
      else expect(decision.error.code).toBe('budget_exhausted');
    }
  });

  it('resends stored vouchers to a vendor claiming a lower nextNonce, without signing', async () => {
    const ctx = setup();
    const { issuer, signer, state } = ctx;
    await signVouchers(ctx, 4);
    await state.recordReceipt(vendorKey, { lastNonce: 3n, credit: credit(10n ** 6n), cost: 1n, at: 0 });
    const stored = (await state.get(vendorKey))!.vouchers;
    const gap = requirements({ nextNonce: 1n, error: { code: 'nonce_gap', message: 'gap' } });
    const decision = await issuer.onPaymentRequired(gap, { sentNewestNonce: 3n });
    if (!decision.ok) throw decision.error;
    expect(decision.signed).toBeNull();
    const sent = parseVoucherHeader(decision.header).vouchers;
    expect(sent.map((v) => [v.nonce, v.atoms, v.signature])).toEqual(stored.slice(1).map((v) => [v.nonce, v.atoms, v.signature]));
    expect(signer.calls).toBe(4);
  });

  it('signs at the vendor nextNonce when it is higher than ours', async () => {
    const { issuer } = setup();
    const decision = await issuer.onPaymentRequired(requirements({ nextNonce: 7n }), { sentNewestNonce: null });
    expect(decision.ok && decision.signed!.nonce).toBe(7n);
  });

  it('sends the stored vouchers when the failed request carried none', async () => {
    const { issuer, signer, state } = setup();
    await seedVouchers(state, 2);
    const decision = await issuer.onPaymentRequired(requirements({ nextNonce: 0n }), { sentNewestNonce: null });
    if (!decision.ok) throw decision.error;
    expect(nonces(decision.header)).toEqual([0n, 1n]);
    expect(signer.calls).toBe(0);
  });

  it('signs a reservation left by a crash with its stored content, never new content', async () => {
    const store = new MemoryVoucherStateStore();
    await store.ensure(vendorKey, limits);
    // The crashed process reserved nonce 0 for 3,333 atoms and died before signing.
    await store.reserve(vendorKey, { minNonce: 0n, atomsWanted: 3_333n, atomsMin: 1n, now: 1 });
    const locked = setup({ store, signer: countingSigner(true) });
    const refused = await locked.issuer.onPaymentRequired(requirements({ suggestedVoucherAtoms: 9_999n }), { sentNewestNonce: null });
    expect(!refused.ok && refused.error.code).toBe('wallet_locked');
    expect((await store.get(vendorKey))!.vouchers).toEqual([{ nonce: 0n, atoms: 3_333n, reservedAt: 1 }]);

    const { issuer, signer } = setup({ store });
    const decision = await issuer.onPaymentRequired(requirements({ suggestedVoucherAtoms: 9_999n }), { sentNewestNonce: null });
    if (!decision.ok) throw decision.error;
    const [voucher] = parseVoucherHeader(decision.header).vouchers;
    const expected = await signVoucher(clientAccount, vendorKey, { vendor: vendorKey.vendor, nonce: 0n, atoms: 3_333n });
    expect(voucher!.signature).toBe(expected.signature);
    expect(voucher!.atoms).toBe(3_333n);
    expect(signer.calls).toBe(1);
    const state = (await store.get(vendorKey))!;
    expect(state.budget.spentAtoms).toBe(3_333n);
    expect(state.vouchers).toHaveLength(1);
  });

  it('gives a signer failure other than a locked wallet its own code, and leaves the reservation to sign later', async () => {
    const { issuer, state } = setup({ signer: countingSigner(new Error('device disconnected')) });
    const refused = await issuer.onPaymentRequired(requirements(), { sentNewestNonce: null });
    expect(!refused.ok && refused.error.code).toBe('signer_failed');
    expect((await state.get(vendorKey))!.vouchers).toEqual([{ nonce: 0n, atoms: 10_000n, reservedAt: 120_000 }]);
  });

  it('refuses to sign a vendor nextNonce far ahead of the newest voucher signed, signing nothing', async () => {
    const ctx = setup();
    const { issuer, signer, state } = ctx;
    await signVouchers(ctx, 1);
    await state.recordReceipt(vendorKey, { lastNonce: 0n, credit: credit(0n), cost: 10_000n, at: 0 });
    const jump = await issuer.onPaymentRequired(requirements({ nextNonce: 1_000n }), { sentNewestNonce: 0n });
    expect(!jump.ok && jump.error.code).toBe('nonce_jump');
    expect(signer.calls).toBe(1);
    expect((await state.get(vendorKey))!.vouchers.map((voucher) => voucher.nonce)).toEqual([0n]);
    const next = await issuer.onPaymentRequired(requirements({ nextNonce: 1n }), { sentNewestNonce: 0n });
    expect(next.ok && next.newestNonce).toBe(1n);
  });

  it('signs nonce 2^64 - 1, then refuses the top-up with nonces_exhausted, reserving no atoms', async () => {
    const { issuer, state } = setup();
    const last = await issuer.onPaymentRequired(requirements({ nextNonce: MAX_UINT64 }), { sentNewestNonce: null });
    if (!last.ok) throw last.error;
    expect(last.newestNonce).toBe(MAX_UINT64);
    const spent = (await state.get(vendorKey))!.budget.spentAtoms;
    const low = receipt({ nonce: MAX_UINT64, lastNonce: MAX_UINT64, credit: credit(10n) });
    const { topUp } = await issuer.onReceipt(vendorKey, low, { elapsedMs: 20 });
    expect(topUp && !topUp.ok && topUp.error.code).toBe('nonces_exhausted');
    expect((await state.get(vendorKey))!.budget.spentAtoms).toBe(spent);
  });

  it('refuses a 402 for another vendor than expected', async () => {
    const { issuer, state } = setup();
    const other = { ...vendorKey, vendor: '0x0000000000000000000000000000000000000001' as const };
    const decision = await issuer.onPaymentRequired(requirements(), { sentNewestNonce: null, key: other });
    expect(!decision.ok && decision.error.code).toBe('requirements_mismatch');
    expect(await state.get(vendorKey)).toBeNull();
  });

  it('refuses what the policy refuses, and routes that cannot fit one voucher', async () => {
    const paused = setup({ policy: createDefaultPolicy({ isPaused: () => true }) });
    const p = await paused.issuer.onPaymentRequired(requirements(), { sentNewestNonce: null });
    expect(!p.ok && p.error.code).toBe('paused');
    const other = setup({ policy: createDefaultPolicy({ allowedVendors: ['0x0000000000000000000000000000000000000001'] }) });
    const o = await other.issuer.onPaymentRequired(requirements(), { sentNewestNonce: null });
    expect(!o.ok && o.error.code).toBe('vendor_not_allowed');
    const small = setup({ policy: createDefaultPolicy({ limits: () => ({ limitAtoms: 10_000n, maxVoucherAtoms: 50n }) }) });
    const s = await small.issuer.onPaymentRequired(requirements(), { sentNewestNonce: null });
    expect(!s.ok && s.error.code).toBe('voucher_too_large');
    const capped = setup();
    const c = await capped.issuer.onPaymentRequired(requirements({ credit: { ...credit(0n), cap: 50n } }), { sentNewestNonce: null });
    expect(!c.ok && c.error.code).toBe('credit_capped');
    expect(paused.signer.calls + other.signer.calls + small.signer.calls + capped.signer.calls).toBe(0);
  });
});

describe('VoucherIssuer.currentHeader', () => {
  it('carries the unacknowledged vouchers, or only the newest when all are acknowledged', async () => {
    const { issuer, state } = setup();
    await seedVouchers(state, 3);
    expect(nonces((await issuer.currentHeader(vendorKey))!)).toEqual([0n, 1n, 2n]);
    await state.recordReceipt(vendorKey, { lastNonce: 0n, credit: credit(1n), cost: 1n, at: 0 });
    expect(nonces((await issuer.currentHeader(vendorKey))!)).toEqual([1n, 2n]);
    await state.recordReceipt(vendorKey, { lastNonce: 2n, credit: credit(1n), cost: 1n, at: 0 });
    expect(nonces((await issuer.currentHeader(vendorKey))!)).toEqual([2n]);
  });

  it('sends at most 16, oldest unacknowledged first', async () => {
    const { issuer, state } = setup();
    await seedVouchers(state, MAX_VOUCHERS_PER_HEADER + 2);
    const sent = nonces((await issuer.currentHeader(vendorKey))!);
    expect(sent).toHaveLength(MAX_VOUCHERS_PER_HEADER);
    expect(sent[0]).toBe(0n);
  });
});

describe('VoucherIssuer.onReceipt', () => {
  async function paidOnce() {
    const ctx = setup();
    await signVouchers(ctx, 1);
    return ctx;
  }

  it('acknowledges nonces and stores credit', async () => {
    const { issuer, state } = await paidOnce();
    await issuer.onReceipt(vendorKey, receipt({ lastNonce: 0n, credit: credit(9_000n) }), { elapsedMs: 50 });
    const after = (await state.get(vendorKey))!;
    expect(after.ackedNonce).toBe(0n);
    expect(after.lastCredit!.available).toBe(9_000n);
  });

  it('flags a cost above the advertised prices plus 10 % and 2 atoms', async () => {
    const { issuer } = await paidOnce();
    // 1 atom per ms: 100 ms cost 100, so up to 112 passes.
    const usage = { elapsedMs: 100n, bytes: 0n };
    const fair = await issuer.onReceipt(vendorKey, receipt({ cost: 112n, usage }), { elapsedMs: 150 });
    expect(fair.overcharge).toEqual({ suspected: false, expected: 100n, allowed: 112n });
    const over = await issuer.onReceipt(vendorKey, receipt({ cost: 113n, usage }), { elapsedMs: 150 });
    expect(over.overcharge!.suspected).toBe(true);
  });

  it('bounds the vendor time by the client wall time', async () => {
    const { issuer } = await paidOnce();
    const claimed = receipt({ cost: 10_000n, usage: { elapsedMs: 10_000n, bytes: 0n } });
    const outcome = await issuer.onReceipt(vendorKey, claimed, { elapsedMs: 80 });
    expect(outcome.overcharge).toMatchObject({ suspected: true, expected: 80n });
  });

  it('refuses a receipt for another client', async () => {
    const { issuer } = await paidOnce();
    const foreign = receipt({ client: '0x0000000000000000000000000000000000000002' });
    await expect(issuer.onReceipt(vendorKey, foreign, { elapsedMs: 1 })).rejects.toMatchObject({ code: 'requirements_mismatch' });
  });

  it('tops up once when credit runs low and nothing is outstanding', async () => {
    const { issuer, signer, state } = await paidOnce();
    // Threshold: max(10,000 / 4, 10 × 100) = 2,500.
    const atThreshold = await issuer.onReceipt(vendorKey, receipt({ lastNonce: 0n, credit: credit(2_500n) }), { elapsedMs: 20 });
    expect(atThreshold.topUp).toBeUndefined();
    const low = await Promise.all(
      Array.from({ length: 5 }, () => issuer.onReceipt(vendorKey, receipt({ lastNonce: 0n, credit: credit(2_499n) }), { elapsedMs: 20 })),
    );
    const topUps = low.filter((o) => o.topUp?.ok && o.topUp.signed);
    expect(topUps).toHaveLength(1);
    expect(signer.calls).toBe(2);
    expect(nonces((await issuer.currentHeader(vendorKey))!)).toEqual([1n]);
    // Still outstanding: receipts of requests that carried nonce 0 do not top up again.
    await issuer.onReceipt(vendorKey, receipt({ lastNonce: 0n, credit: credit(10n) }), { elapsedMs: 20 });
    expect(signer.calls).toBe(2);
    // Acknowledged and low again, but receipts show little charged: no third voucher yet.
    await issuer.onReceipt(vendorKey, receipt({ lastNonce: 1n, credit: credit(10n) }), { elapsedMs: 20 });
    expect(signer.calls).toBe(2);
    // A receipt charging most of what is signed (10 s at 1 atom a ms): the next one.
    const used = { cost: 10_000n, usage: { elapsedMs: 10_000n, bytes: 0n } };
    await issuer.onReceipt(vendorKey, receipt({ lastNonce: 1n, credit: credit(10n), ...used }), { elapsedMs: 10_000 });
    expect(signer.calls).toBe(3);
    expect((await state.get(vendorKey))!.nextNonce).toBe(3n);
  });

  it('does not top up when the policy refuses', async () => {
    let paused = false;
    const ctx = setup({ policy: createDefaultPolicy({ limits: () => limits, isPaused: () => paused }) });
    await signVouchers(ctx, 1);
    paused = true;
    const outcome = await ctx.issuer.onReceipt(vendorKey, receipt({ lastNonce: 0n, credit: credit(0n) }), { elapsedMs: 10 });
    expect(!outcome.topUp?.ok && outcome.topUp?.error.code).toBe('paused');
    expect(ctx.signer.calls).toBe(1);
  });
});

describe('VoucherIssuer.onReceipts', () => {
  it('counts a batch in one update: highest nonce, latest credit, summed cost, one top-up', async () => {
    const ctx = setup();
    await signVouchers(ctx, 2);
    const batch = [
      receipt({ lastNonce: 1n, cost: 5n, credit: credit(3_000n) }),
      receipt({ lastNonce: 0n, cost: 7n, credit: credit(2_000n) }),
      receipt({ lastNonce: 1n, cost: 11n, credit: credit(1_000n) }),
    ];
    const outcome = await ctx.issuer.onReceipts(vendorKey, batch);
    expect(outcome.state.ackedNonce).toBe(1n);
    expect(outcome.state.lastCredit!.available).toBe(1_000n);
    expect(outcome.state.series.at(-1)).toEqual({ minute: 120_000, costAtoms: 23n, receipts: 3 });
    expect(outcome.topUp).toMatchObject({ ok: true, newestNonce: 2n });
    expect(ctx.signer.calls).toBe(3);
  });

  it('takes the credit of the receipt the vendor settled last, so an older one cannot hide that credit is gone', async () => {
    const ctx = setup();
    await signVouchers(ctx, 1);
    const gone = receipt({ lastNonce: 0n, cost: 9_900n, credit: credit(50n) });
    const older = receipt({ lastNonce: 0n, cost: 50n, credit: credit(9_950n) });
    const outcome = await ctx.issuer.onReceipts(vendorKey, [gone, older]);
    expect(outcome.state.lastCredit!.available).toBe(50n);
    expect(outcome.topUp).toMatchObject({ ok: true, newestNonce: 1n });
  });

  it('refuses the whole batch when one receipt names another client, counting none', async () => {
    const ctx = setup();
    await signVouchers(ctx, 1);
    const foreign = receipt({ client: '0x0000000000000000000000000000000000000002' });
    await expect(ctx.issuer.onReceipts(vendorKey, [receipt({ cost: 5n }), foreign])).rejects.toMatchObject({ code: 'requirements_mismatch' });
    expect((await ctx.state.get(vendorKey))!.series).toEqual([]);
  });
});

describe('settledLast', () => {
  it('orders by the newest voucher the vendor held, then by settled credit shrinking', () => {
    const a = receipt({ lastNonce: 1n, credit: { ...credit(900n), unspent: 2_000n, unmarked: 1_100n } });
    const b = receipt({ lastNonce: 1n, credit: { ...credit(400n), unspent: 2_000n, unmarked: 1_600n } });
    const c = receipt({ lastNonce: 0n, credit: credit(10n) });
    expect(settledLast([b, a, c])).toBe(b);
    expect(settledLast([c, a])).toBe(a);
    expect(settledLast([])).toBeUndefined();
  });
});

describe('creditNearTopUp', () => {
  it('wants receipts promptly before any credit is known and within twice the top-up threshold', async () => {
    const ctx = setup();
    await signVouchers(ctx, 1);
    expect(creditNearTopUp((await ctx.state.get(vendorKey))!)).toBe(true);
    // Threshold max(10,000 / 4, 10 × 100) = 2,500: prompt below 5,000.
    const far = await ctx.issuer.onReceipts(vendorKey, [receipt({ lastNonce: 0n, credit: credit(5_000n) })]);
    expect(creditNearTopUp(far.state)).toBe(false);
    const near = await ctx.issuer.onReceipts(vendorKey, [receipt({ lastNonce: 0n, credit: credit(4_999n) })]);
    expect(creditNearTopUp(near.state)).toBe(true);
  });
});

describe('VoucherIssuer and Retry-After (§7.1)', () => {
  const lockedOut = requirements({
    nextNonce: 1n,
    error: { code: 'insufficient_credit', message: 'locked' },
    credit: { unspent: 10_000n, unmarked: 0n, locked: 9_950n, cap: 10n ** 12n, available: 50n },
  });

  // Top-ups (signed ahead on a receipt with little available) are refused, so only the 402's answer signs.
  const base = createDefaultPolicy({ limits: () => limits });
  const noTopUps: PaymentPolicy = {
    authorize: async (request) => (request.reason === 'top_up' ? { allow: false, code: 'paused', message: 'no top-ups here' } : base.authorize(request)),
  };

  it('waits for a receipt that frees room, then answers with the vouchers it holds and signs nothing', async () => {
    const { issuer, signer, state } = setup({ policy: noTopUps });
    await signVouchers({ issuer, state }, 1);
    let answered = false;
    const waiting = issuer.onPaymentRequired(lockedOut, { sentNewestNonce: 0n, retryAfterMs: 60_000 }).then((decision) => {
      answered = true;
      return decision;
    });
    // A receipt that frees too little for the route's lock leaves it waiting.
    await issuer.onReceipts(vendorKey, [receipt({ credit: { unspent: 9_990n, unmarked: 0n, locked: 9_900n, cap: 10n ** 12n, available: 90n } })]);
    await Promise.resolve();
    expect(answered).toBe(false);
    await issuer.onReceipts(vendorKey, [receipt({ credit: { unspent: 9_980n, unmarked: 0n, locked: 9_800n, cap: 10n ** 12n, available: 180n } })]);
    const decision = await waiting;
    expect(decision).toMatchObject({ ok: true, newestNonce: 0n, signed: null });
    expect(signer.calls).toBe(1);
  });

  it('retries after the Retry-After when no receipt comes, and never waits longer than MAX_RETRY_AFTER_MS', async () => {
    vi.useFakeTimers();
    try {
      const { issuer, signer, state } = setup();
      await signVouchers({ issuer, state }, 1);
      const waiting = issuer.onPaymentRequired(lockedOut, { sentNewestNonce: 0n, retryAfterMs: 3_600_000 });
      await vi.advanceTimersByTimeAsync(MAX_RETRY_AFTER_MS);
      expect(await waiting).toMatchObject({ ok: true, newestNonce: 0n, signed: null });
      expect(signer.calls).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('ignores a Retry-After where waiting cannot help (nothing locked, or the settled credit is short) and signs', async () => {
    const { issuer, signer, state } = setup();
    await signVouchers({ issuer, state }, 1);
    // Receipts show each voucher used before the next is asked for (the signing bound counts them).
    const charge = async (nonce: bigint) => {
      const atoms = (await state.get(vendorKey))!.vouchers.at(-1)!.atoms;
      await state.recordReceipt(vendorKey, { lastNonce: nonce, credit: credit(0n), cost: atoms, at: 0 });
    };
    await charge(0n);
    const nothingLocked = { ...lockedOut, credit: { unspent: 50n, unmarked: 0n, locked: 0n, cap: 10n ** 12n, available: 50n } };
    const first = await issuer.onPaymentRequired(nothingLocked, { sentNewestNonce: 0n, retryAfterMs: 60_000 });
    expect(first).toMatchObject({ ok: true, newestNonce: 1n });
    await charge(1n);
    const short = { ...lockedOut, nextNonce: 2n, credit: { unspent: 150n, unmarked: 90n, locked: 40n, cap: 10n ** 12n, available: 20n } };
    const second = await issuer.onPaymentRequired(short, { sentNewestNonce: 1n, retryAfterMs: 60_000 });
    expect(second).toMatchObject({ ok: true, newestNonce: 2n });
    expect(signer.calls).toBe(3);
  });
});

describe('VoucherIssuer after a lost state: nonce_conflict with held vouchers (§5.1)', () => {
  const other = privateKeyToAccount('0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba');
  async function heldBy(signer: VoucherSigner, atoms: bigint[], vendor = vendorKey.vendor) {
    return Promise.all(
      atoms.map(async (amount, nonce) => {
        const voucher = await signVoucher(signer, vendorKey, { vendor, nonce: BigInt(nonce), atoms: amount });
        return { nonce: voucher.nonce, atoms: voucher.atoms, signature: voucher.signature };
      }),
    );
  }
  const conflict = (heldVouchers: Awaited<ReturnType<typeof heldBy>>, available = 10_000n) =>
    requirements({
      error: { code: 'nonce_conflict', message: 'a different voucher is held under nonce 0' },
      nextNonce: BigInt(heldVouchers.length),
      heldVouchers,
      credit: credit(available),
    });

  it('adopts its own held vouchers over the one it signed again, counts them, and continues after them', async () => {
    const { issuer, state, signer } = setup();
    // The fresh install meets the vendor's 402 for an unknown client and signs nonce 0 again.
    const first = await issuer.onPaymentRequired(requirements(), { sentNewestNonce: null });
    expect(first).toMatchObject({ ok: true, newestNonce: 0n });
    const held = await heldBy(clientAccount, [100n, 200n, 300n]);
    const decision = await issuer.onPaymentRequired(conflict(held), { sentNewestNonce: 0n });
    expect(decision).toMatchObject({ ok: true, newestNonce: 2n, signed: null });
    expect(nonces((decision as { header: string }).header)).toEqual([2n]);
    const adopted = (await state.get(vendorKey))!;
    expect(adopted.vouchers.map((entry) => [entry.nonce, entry.atoms, entry.signature])).toEqual(held.map((h) => [h.nonce, h.atoms, h.signature]));
    expect(adopted).toMatchObject({ nextNonce: 3n, ackedNonce: 2n });
    // Nonce 0 can cost at most the larger of the two vouchers under it (10 000): plus 200 and 300.
    expect(adopted.budget.spentAtoms).toBe(10_000n + 200n + 300n);
    // The next voucher is nonce 3, never one of the held nonces again (once receipts show the credit used).
    await state.recordReceipt(vendorKey, { lastNonce: 2n, credit: credit(0n), cost: 10_000n, at: 0 });
    const spent = requirements({ nextNonce: 3n, error: { code: 'voucher_spent', message: 'spent' } });
    const next = await issuer.onPaymentRequired(spent, { sentNewestNonce: 2n });
    expect(next).toMatchObject({ ok: true, newestNonce: 3n });
    // Nonce 0 again, the three held ones signed again to compare (kept nowhere), nonce 3.
    expect(signer.calls).toBe(1 + 3 + 1);
  });

  it('signs the next nonce at once when the vendor\'s credit shows the held vouchers used up', async () => {
    const { issuer, signer } = setup();
    const held = await heldBy(clientAccount, [100n, 200n]);
    const decision = await issuer.onPaymentRequired(conflict(held, 0n), { sentNewestNonce: 0n });
    expect(decision).toMatchObject({ ok: true, newestNonce: 2n, signed: { nonce: 2n } });
    // Two comparisons, one voucher.
    expect(signer.calls).toBe(2 + 1);
  });

  it.each([
    ['signed by another key', async () => [...(await heldBy(clientAccount, [100n])), ...(await heldBy(other, [100n, 200n])).slice(1)]],
    ['signed by this key for another vendor', async () => heldBy(clientAccount, [100n, 200n], '0x000000000000000000000000000000000000dEaD')],
  ])('refuses held vouchers %s with held_voucher_invalid and adopts none', async (_name, make) => {
    const { issuer, state, signer } = setup();
    await issuer.onPaymentRequired(requirements(), { sentNewestNonce: null });
    const before = await state.get(vendorKey);
    const decision = await issuer.onPaymentRequired(conflict(await make()), { sentNewestNonce: 0n });
    expect(decision.ok).toBe(false);
    expect(!decision.ok && decision.error.code).toBe('held_voucher_invalid');
    expect(await state.get(vendorKey)).toEqual(before);
    // No voucher was signed after the first: the state holds nonce 0 alone.
    expect((await state.get(vendorKey))!.vouchers.map((entry) => entry.nonce)).toEqual([0n]);
    expect(signer.calls).toBeGreaterThan(1);
  });

  it('adopts on a voucher_spent that shows held vouchers past its newest, where it would refuse the jump', async () => {
    const { issuer, state, signer } = setup();
    // The fresh install signed nonce 0 alike (same atoms, deterministic signature): the vendor took it.
    await issuer.onPaymentRequired(requirements({ suggestedVoucherAtoms: 100n }), { sentNewestNonce: null });
    const held = await heldBy(clientAccount, [100n, 200n, 300n]);
    const spent = requirements({ error: { code: 'voucher_spent', message: 'spent' }, nextNonce: 3n, credit: credit(0n) });
    const bare = await issuer.onPaymentRequired(spent, { sentNewestNonce: 0n });
    expect(!bare.ok && bare.error.code).toBe('nonce_jump');
    const decision = await issuer.onPaymentRequired({ ...spent, heldVouchers: held }, { sentNewestNonce: 0n });
    expect(decision).toMatchObject({ ok: true, newestNonce: 3n, signed: { nonce: 3n } });
    expect((await state.get(vendorKey))!.vouchers.map((entry) => entry.nonce)).toEqual([0n, 1n, 2n, 3n]);
    // Nonce 0, the three held ones compared, nonce 3.
    expect(signer.calls).toBe(1 + 3 + 1);
  });

  it('stops with nonce_conflict when the vendor does not show what it holds', async () => {
    const { issuer, signer } = setup();
    const bare = requirements({ error: { code: 'nonce_conflict', message: 'conflict' }, nextNonce: 3n });
    const decision = await issuer.onPaymentRequired(bare, { sentNewestNonce: 0n });
    expect(!decision.ok && decision.error.code).toBe('nonce_conflict');
    expect(signer.calls).toBe(0);
  });

  it('takes the chain\'s redeemed record as a floor: a first voucher and a recovery start above it', async () => {
    const floors: unknown[] = [];
    const chain = { redeemedNonceFloor: async (key: unknown) => (floors.push(key), 5n) };
    const state = new MemoryVoucherStateStore();
    const issuer = new VoucherIssuer({ state, signer: countingSigner(), policy: createDefaultPolicy({ limits: () => limits }), chain, lock: new InProcessKeyedLock() });
    const first = await issuer.onPaymentRequired(requirements(), { sentNewestNonce: null });
    expect(first).toMatchObject({ ok: true, newestNonce: 5n });
    expect(floors).toEqual([vendorKey]);
    const held = await heldBy(clientAccount, [100n, 200n]);
    await issuer.onPaymentRequired(conflict(held), { sentNewestNonce: 5n });
    // The vendor says 2 next; the chain redeemed up to 4: nothing below 5 is signed, and 5 stays ours.
    expect((await state.get(vendorKey))!).toMatchObject({ nextNonce: 6n });
  });
});

describe('VoucherIssuer: what a hostile vendor can get', () => {
  it('gives a vendor answering 402 forever one voucher, however often it asks', async () => {
    const { issuer, signer, state } = setup();
    let sent: bigint | null = null;
    const codes: string[] = [];
    for (let n = 0; n < 240; n++) {
      // It claims to hold every voucher sent and asks for the next.
      const next = sent === null ? 0n : sent + 1n;
      const decision = await issuer.onPaymentRequired(requirements({ nextNonce: next }), { sentNewestNonce: sent });
      if (decision.ok) sent = decision.newestNonce;
      else codes.push(decision.error.code);
    }
    expect(signer.calls).toBe(1);
    expect((await state.get(vendorKey))!.budget.spentAtoms).toBe(10_000n);
    expect(new Set(codes)).toEqual(new Set(['vouchers_unused']));
    // Once receipts show the voucher drawn on, the next one is signed.
    await issuer.onReceipts(vendorKey, [receipt({ lastNonce: 0n, cost: 10n, credit: credit(5_000n) })]);
    const next = await issuer.onPaymentRequired(requirements({ nextNonce: 1n }), { sentNewestNonce: 0n });
    expect(next.ok && next.signed?.nonce).toBe(1n);
    expect(unchargedAtoms((await state.get(vendorKey))!)).toBe(19_990n);
  });

  it('does not top up for receipts that claim credit gone while showing it unused', async () => {
    const ctx = setup();
    await signVouchers(ctx, 1);
    // Nothing charged, credit said to be 0: the vendor holds 10,000 unused atoms.
    const { topUp } = await ctx.issuer.onReceipts(vendorKey, [receipt({ lastNonce: 0n, cost: 0n, credit: credit(0n) })]);
    expect(topUp && !topUp.ok && topUp.error.code).toBe('vouchers_unused');
    expect(ctx.signer.calls).toBe(1);
  });

  it('stops signing when a 402 raises the approved prices, until they are approved; lower prices are taken', async () => {
    const ctx = setup();
    const { issuer, state, signer } = ctx;
    await signVouchers(ctx, 1);
    await state.recordReceipt(vendorKey, { lastNonce: 0n, credit: credit(0n), cost: 10_000n, at: 0 });
    const base = requirements().prices;
    const raised = { ...base, atomsPerHour: base.atomsPerHour * 1_000_000n };
    const refused = await issuer.onPaymentRequired(requirements({ nextNonce: 1n, prices: raised }), { sentNewestNonce: 0n });
    expect(!refused.ok && refused.error.code).toBe('prices_raised');
    let after = (await state.get(vendorKey))!;
    expect(after.hold).toMatchObject({ reason: 'prices_raised', approved: { atomsPerHour: base.atomsPerHour }, offered: raised });
    // Receipts stay checked against the approved prices, and nothing else is signed or resent.
    expect(after.prices).toEqual(base);
    const again = await issuer.onPaymentRequired(requirements({ nextNonce: 0n }), { sentNewestNonce: null });
    expect(!again.ok && again.error.code).toBe('prices_raised');
    const { topUp } = await issuer.onReceipts(vendorKey, [receipt({ lastNonce: 0n, cost: 0n, credit: credit(0n) })]);
    expect(topUp && !topUp.ok && topUp.error.code).toBe('prices_raised');
    expect(signer.calls).toBe(1);

    await state.approveTerms(vendorKey, { prices: raised, asset: requirements().asset });
    const approved = await issuer.onPaymentRequired(requirements({ nextNonce: 1n, prices: raised }), { sentNewestNonce: 0n });
    expect(approved.ok && approved.signed?.nonce).toBe(1n);
    const lower = { ...raised, atomsPerGB: 1n };
    await issuer.onPaymentRequired(requirements({ nextNonce: 2n, prices: lower }), { sentNewestNonce: 1n });
    after = (await state.get(vendorKey))!;
    expect(after.prices).toEqual(lower);
    expect(after.hold).toBeUndefined();
  });

  it('stops signing after an overcharging receipt, top-ups and 402s alike, until resumed', async () => {
    const ctx = setup();
    const { issuer, state, signer } = ctx;
    await signVouchers(ctx, 1);
    const over = receipt({ lastNonce: 0n, cost: 9_000n, usage: { elapsedMs: 9_000n, bytes: 0n }, credit: credit(1_000n) });
    const outcome = await issuer.onReceipt(vendorKey, over, { elapsedMs: 50 });
    expect(outcome.overcharge?.suspected).toBe(true);
    expect(outcome.topUp && !outcome.topUp.ok && outcome.topUp.error.code).toBe('overcharge_suspected');
    expect((await state.get(vendorKey))!.hold).toMatchObject({ reason: 'overcharge_suspected' });
    const refused = await issuer.onPaymentRequired(requirements({ nextNonce: 1n }), { sentNewestNonce: 0n });
    expect(!refused.ok && refused.error.code).toBe('overcharge_suspected');
    expect(signer.calls).toBe(1);
    await state.setHold(vendorKey, null);
    const resumed = await issuer.onPaymentRequired(requirements({ nextNonce: 1n }), { sentNewestNonce: 0n });
    expect(resumed.ok && resumed.signed?.nonce).toBe(1n);
  });

  it('with a wallet asset list: refuses an unknown collateral domain, and stores the listed asset, not the 402 one', async () => {
    const known = { symbol: 'tUSD', decimals: 6, defaults: { budgetAtoms: 10n ** 7n, voucherAtoms: 10n ** 6n } };
    const assets = new StaticAssetRegistry([{ chainId: vendorKey.chainId, verifyingContract: vendorKey.verifyingContract, asset: known }]);
    const state = new MemoryVoucherStateStore();
    const signer = countingSigner();
    const issuer = new VoucherIssuer({ state, signer, policy: createDefaultPolicy({ limits: () => limits }), assets });
    const unknown = await issuer.onPaymentRequired(
      requirements({ verifyingContract: '0x0000000000000000000000000000000000000009' }),
      { sentNewestNonce: null },
    );
    expect(!unknown.ok && unknown.error.code).toBe('unknown_asset');
    const paid = await issuer.onPaymentRequired(requirements({ asset: { symbol: 'USDC', decimals: 30 } }), { sentNewestNonce: null });
    expect(paid.ok).toBe(true);
    expect((await state.get(vendorKey))!.asset).toEqual({ symbol: 'tUSD', decimals: 6 });
    expect(signer.calls).toBe(1);
  });
});
