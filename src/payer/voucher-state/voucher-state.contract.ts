import { describe, expect, it } from 'vitest';
import { vendorKey } from '../test-fixtures';
import type { VoucherStateStore } from './types';

const limits = { limitAtoms: 1_000n, maxVoucherAtoms: 400n };
const sig = (n: number) => `0x${n.toString(16).padStart(2, '0').repeat(65)}` as const;
const want = (atomsWanted: bigint, minNonce = 0n, atomsMin = 1n) => ({ minNonce, atomsWanted, atomsMin, now: 1_000 });

/** One suite for every VoucherStateStore implementation. */
export function voucherStateContract(name: string, makeStore: () => VoucherStateStore): void {
  describe(`${name}: VoucherStateStore contract`, () => {
    it('creates a vendor once and keeps it on later ensure calls', async () => {
      const store = makeStore();
      expect(await store.get(vendorKey)).toBeNull();
      const created = await store.ensure(vendorKey, limits);
      expect(created.nextNonce).toBe(0n);
      expect(created.budget).toEqual({ limitAtoms: 1_000n, spentAtoms: 0n });
      await store.reserve(vendorKey, want(100n));
      const again = await store.ensure(vendorKey, { limitAtoms: 5n, maxVoucherAtoms: 5n });
      expect(again.budget).toEqual({ limitAtoms: 1_000n, spentAtoms: 100n });
      expect((await store.list()).map((s) => s.id)).toEqual([created.id]);
    });

    it('reserves the next nonce, debits the budget and lowers atoms to what is left', async () => {
      const store = makeStore();
      await store.ensure(vendorKey, limits);
      const first = await store.reserve(vendorKey, want(700n));
      expect(first).toMatchObject({ kind: 'reserved', entry: { nonce: 0n, atoms: 700n } });
      await store.storeSignature(vendorKey, 0n, sig(1));
      // The vendor asks for nonce 5: the higher of ours and its wins.
      const second = await store.reserve(vendorKey, want(700n, 5n, 100n));
      expect(second).toMatchObject({ kind: 'reserved', entry: { nonce: 5n, atoms: 300n } });
      await store.storeSignature(vendorKey, 5n, sig(2));
      expect(await store.reserve(vendorKey, want(700n, 0n, 1n))).toEqual({ kind: 'budget_exhausted', leftAtoms: 0n });
      const state = (await store.get(vendorKey))!;
      expect(state.nextNonce).toBe(6n);
      expect(state.budget.spentAtoms).toBe(1_000n);
      expect(state.vouchers.map((v) => [v.nonce, v.atoms, v.signature])).toEqual([
        [0n, 700n, sig(1)],
        [5n, 300n, sig(2)],
      ]);
    });

    it('refuses a reservation below the useful minimum without debiting', async () => {
      const store = makeStore();
      await store.ensure(vendorKey, { limitAtoms: 150n, maxVoucherAtoms: 400n });
      expect(await store.reserve(vendorKey, want(400n, 0n, 200n))).toEqual({ kind: 'budget_exhausted', leftAtoms: 150n });
      expect((await store.get(vendorKey))!.budget.spentAtoms).toBe(0n);
    });

    it('returns the unsigned reservation instead of reserving again, however many ask at once', async () => {
      const store = makeStore();
      await store.ensure(vendorKey, limits);
      const results = await Promise.all(Array.from({ length: 8 }, () => store.reserve(vendorKey, want(100n))));
      expect(results.filter((r) => r.kind === 'reserved')).toHaveLength(1);
      expect(results.filter((r) => r.kind === 'unsigned').map((r) => r.kind === 'unsigned' && r.entry.nonce)).toEqual(
        Array(7).fill(0n),
      );
      const state = (await store.get(vendorKey))!;
      expect(state.budget.spentAtoms).toBe(100n);
      expect(state.nextNonce).toBe(1n);
    });

    it('stores a signature once: the same again is accepted, another is refused', async () => {
      const store = makeStore();
      await store.ensure(vendorKey, limits);
      await store.reserve(vendorKey, want(100n));
      await store.storeSignature(vendorKey, 0n, sig(3));
      await store.storeSignature(vendorKey, 0n, sig(3));
      await expect(store.storeSignature(vendorKey, 0n, sig(4))).rejects.toThrow(/already signed/);
      await expect(store.storeSignature(vendorKey, 9n, sig(4))).rejects.toThrow(/no voucher is reserved/);
      expect((await store.get(vendorKey))!.vouchers[0]!.signature).toBe(sig(3));
    });

    it('records receipts: acked nonce only grows and never passes the newest signed voucher', async () => {
      const store = makeStore();
      await store.ensure(vendorKey, limits);
      for (const n of [0, 1]) {
        await store.reserve(vendorKey, want(100n));
        await store.storeSignature(vendorKey, BigInt(n), sig(n + 1));
      }
      const credit = { unspent: 5n, unmarked: 0n, locked: 0n, cap: 9n, available: 5n };
      let state = await store.recordReceipt(vendorKey, { lastNonce: 1n, credit, cost: 3n, at: 60_000 });
      expect(state.ackedNonce).toBe(1n);
      state = await store.recordReceipt(vendorKey, { lastNonce: 0n, credit, cost: 4n, at: 61_000 });
      expect(state.ackedNonce).toBe(1n);
      state = await store.recordReceipt(vendorKey, { lastNonce: 99n, credit, cost: 5n, at: 125_000 });
      expect(state.ackedNonce).toBe(1n);
      expect(state.lastCredit).toEqual(credit);
      expect(state.lastReceiptAt).toBe(125_000);
      expect(state.series).toEqual([
        { minute: 60_000, costAtoms: 7n, receipts: 2 },
        { minute: 120_000, costAtoms: 5n, receipts: 1 },
      ]);
      expect(state.chargedAtoms).toBe(12n);
    });

    it('counts an update standing for several receipts once, with all of them in the series', async () => {
      const store = makeStore();
      await store.ensure(vendorKey, limits);
      await store.reserve(vendorKey, want(100n));
      await store.storeSignature(vendorKey, 0n, sig(1));
      const credit = { unspent: 5n, unmarked: 0n, locked: 0n, cap: 9n, available: 5n };
      await store.recordReceipt(vendorKey, { lastNonce: 0n, credit, cost: 2n, at: 60_000 });
      const state = await store.recordReceipt(vendorKey, { lastNonce: 0n, credit, cost: 9n, at: 61_000, receipts: 3 });
      expect(state.series).toEqual([{ minute: 60_000, costAtoms: 11n, receipts: 4 }]);
      expect(state.chargedAtoms).toBe(11n);
    });

    it('keeps limits and terms', async () => {
      const store = makeStore();
      await store.ensure(vendorKey, limits);
      await store.setLimits(vendorKey, { limitAtoms: 2_000n });
      const prices = { atomsPerHour: 1n, atomsPerGB: 2n, approxCost: 3n };
      await store.setTerms(vendorKey, { prices, asset: { symbol: 'USDC', decimals: 6 } });
      const state = (await store.get(vendorKey))!;
      expect(state.budget.limitAtoms).toBe(2_000n);
      expect(state.maxVoucherAtoms).toBe(400n);
      expect(state.prices).toEqual(prices);
      expect(state.asset).toEqual({ symbol: 'USDC', decimals: 6 });
    });

    it('adopts held vouchers over its own differing ones, drops an unsigned reservation below them, keeps what is above', async () => {
      const store = makeStore();
      await store.ensure(vendorKey, limits);
      // Signed after the state was lost: nonce 0 with other content; then a reservation left unsigned at 1.
      await store.reserve(vendorKey, want(100n));
      await store.storeSignature(vendorKey, 0n, sig(1));
      await store.reserve(vendorKey, want(50n));
      const held = [
        { nonce: 0n, atoms: 300n, signature: sig(7) },
        { nonce: 2n, atoms: 40n, signature: sig(8) },
      ];
      const state = await store.adopt(vendorKey, { vouchers: held, nextNonce: 3n, now: 5_000 });
      expect(state.vouchers.map((v) => [v.nonce, v.atoms, v.signature])).toEqual([
        [0n, 300n, sig(7)],
        [2n, 40n, sig(8)],
      ]);
      expect(state).toMatchObject({ nextNonce: 3n, ackedNonce: 2n });
      // 100 + 50 reserved, nonce 0 now worth up to 300 (+200), nonce 2 (+40).
      expect(state.budget.spentAtoms).toBe(390n);
      expect(await store.get(vendorKey)).toEqual(state);
      // Adopting the same again changes nothing.
      expect(await store.adopt(vendorKey, { vouchers: held, nextNonce: 3n, now: 6_000 })).toEqual(state);
    });

    it('sums the charged atoms of receipts and takes a hold from a receipt update once', async () => {
      const store = makeStore();
      await store.ensure(vendorKey, limits);
      await store.reserve(vendorKey, want(100n));
      await store.storeSignature(vendorKey, 0n, sig(1));
      const credit = { unspent: 5n, unmarked: 0n, locked: 0n, cap: 9n, available: 5n };
      await store.recordReceipt(vendorKey, { lastNonce: 0n, credit, cost: 2n, at: 60_000 });
      const first = { reason: 'overcharge_suspected', at: 61_000 } as const;
      let state = await store.recordReceipt(vendorKey, { lastNonce: 0n, credit, cost: 9n, at: 61_000, hold: first });
      expect(state.chargedAtoms).toBe(11n);
      expect(state.hold).toEqual(first);
      state = await store.recordReceipt(vendorKey, { lastNonce: 0n, credit, cost: 0n, at: 62_000, hold: { reason: 'overcharge_suspected', at: 62_000 } });
      expect(state.hold).toEqual(first);
    });

    it('approving terms sets the latest and approved prices and ends a hold; setHold stops and resumes', async () => {
      const store = makeStore();
      await store.ensure(vendorKey, limits);
      const prices = { atomsPerHour: 1n, atomsPerGB: 2n, approxCost: 3n };
      const asset = { symbol: 'USDC', decimals: 6 };
      const hold = { reason: 'prices_raised', approved: { atomsPerHour: 1n, atomsPerGB: 2n }, offered: { ...prices, atomsPerHour: 9n }, at: 5 } as const;
      await store.setHold(vendorKey, hold);
      expect((await store.get(vendorKey))!.hold).toEqual(hold);
      await store.approveTerms(vendorKey, { prices, asset });
      let state = (await store.get(vendorKey))!;
      expect(state).toMatchObject({ prices, asset, approvedPrices: { atomsPerHour: 1n, atomsPerGB: 2n } });
      expect(state.hold).toBeUndefined();
      await store.setHold(vendorKey, { reason: 'overcharge_suspected', at: 6 });
      await store.setHold(vendorKey, null);
      state = (await store.get(vendorKey))!;
      expect(state.hold).toBeUndefined();
    });

    it('refuses changes to a vendor it does not know', async () => {
      const store = makeStore();
      await expect(store.reserve(vendorKey, want(1n))).rejects.toThrow(/no voucher state/);
    });
  });
}
