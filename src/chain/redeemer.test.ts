import type { Hex } from 'viem';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryClientStore } from '../engine/memory/client-store';
import { signVoucher } from '../protocol';
import { openPgliteDatabase } from '../engine/sql/pglite-database';
import { voucherCollateralAbi } from './artifacts/VoucherCollateral';
import { MemoryRedemptionStore } from './memory-redemption-store';
import { Redeemer, type RedeemerOptions } from './redeemer';
import { contractRedemptionChain, type RedemptionChain } from './redemption-chain';
import type { RedemptionStore } from './redemption-store';
import { SqlRedemptionStore } from './sql-redemption-store';
import { startTestChain, type TestChain } from './test-chain';

const VENDOR = 1;
const CLIENTS = [4, 5, 6];

let chain: TestChain;
beforeAll(async () => {
  chain = await startTestChain();
});
afterAll(async () => {
  await chain?.stop();
});
beforeEach(() => chain.snapshot());

const vendorAddress = () => chain.account(VENDOR).address;
const viemChain = () => contractRedemptionChain(chain.wallet(VENDOR), chain.publicClient, chain.config.contract);

/**
 * An engine's voucher store in which each client holds `count` vouchers of `atoms` each for the
 * vendor, the first `spent` of them spent; each client has deposited enough to pay them all.
 */
async function engineHolding(count: number, spent: number, atoms = 1_000n): Promise<MemoryClientStore> {
  const store = new MemoryClientStore();
  for (const index of CLIENTS) {
    await chain.deposit(index, atoms * BigInt(count));
    const vouchers = await Promise.all(
      Array.from({ length: count }, (_, nonce) => signVoucher(chain.account(index), chain.domain, { vendor: vendorAddress(), nonce: BigInt(nonce), atoms })),
    );
    await store.withClient(chain.account(index).address, async (state) => {
      for (const voucher of vouchers) await state.vouchers.insert(voucher);
      for (let nonce = 0n; nonce < BigInt(spent); nonce += 1n) await state.vouchers.markSpent(nonce);
    });
  }
  return store;
}

function redeemer(source: MemoryClientStore, store: RedemptionStore, options: Partial<RedeemerOptions> = {}): Redeemer {
  return new Redeemer({ source, store, chain: viemChain(), batchSize: 10, receiptTimeoutMs: 10_000, ...options });
}

/** The vendor's mined transactions: each is one redeem call here. */
const vendorTransactions = async () => chain.publicClient.getTransactionCount({ address: vendorAddress() });
const vendorBalance = () => chain.tokenBalance(vendorAddress());

/** What the contract says the vendor redeemed from every client, in vouchers. */
async function redeemedVouchers(): Promise<bigint> {
  let total = 0n;
  for (const index of CLIENTS) {
    const [, vouchers] = await chain.publicClient.readContract({
      address: chain.config.contract,
      abi: voucherCollateralAbi,
      functionName: 'redeemedTotals',
      args: [chain.account(index).address, vendorAddress()],
    });
    total += vouchers;
  }
  return total;
}

class Crash extends Error {}

describe('Redeemer', () => {
  it('redeems every spent voucher in full, in batches, and leaves unspent ones alone', async () => {
    const source = await engineHolding(12, 8);
    const store = new MemoryRedemptionStore();
    const round = await redeemer(source, store).runOnce();
    // 24 spent vouchers in batches of 10: three transactions.
    expect(round).toMatchObject({ queued: 24, mined: 3, redeemed: 24, paid: 24_000n, failed: 0, open: 0 });
    expect(await vendorTransactions()).toBe(3);
    expect(await vendorBalance()).toBe(24_000n);
    expect(await redeemedVouchers()).toBe(24n);
    expect((await store.totals()).map((each) => [each.redeemed, each.pending])).toEqual([[8_000n, 0n], [8_000n, 0n], [8_000n, 0n]]);
    // Nothing new spent: a second round sends nothing.
    expect(await redeemer(source, store).runOnce()).toMatchObject({ queued: 0, mined: 0 });
    expect(await vendorTransactions()).toBe(3);
    // Vouchers spent since are picked up from the client's floor.
    const client = chain.account(CLIENTS[0]!).address;
    await source.withClient(client, (state) => state.vouchers.markSpent(8n));
    expect(await redeemer(source, store).runOnce()).toMatchObject({ queued: 1, redeemed: 1, paid: 1_000n });
  });

  it('after a crash between recording a transaction and sending it, sends it again and redeems once', async () => {
    const source = await engineHolding(5, 5);
    const store = new MemoryRedemptionStore();
    const crashing: RedemptionChain = { ...viemChain(), broadcast: async () => { throw new Crash('killed before broadcast'); } };
    await expect(redeemer(source, store, { chain: crashing }).runOnce()).rejects.toThrow(Crash);
    expect(await store.openSubmissions()).toHaveLength(1);
    expect(await vendorTransactions()).toBe(0);

    const round = await redeemer(source, store).runOnce();
    expect(round).toMatchObject({ mined: 2, redeemed: 15, paid: 15_000n });
    expect(await vendorBalance()).toBe(15_000n);
    expect(await redeemedVouchers()).toBe(15n);
    expect(await vendorTransactions()).toBe(2);
  });

  it('after a crash between sending and mining, finds the transaction mined and records it, redeeming nothing twice', async () => {
    const source = await engineHolding(4, 4);
    const store = new MemoryRedemptionStore();
    await chain.testClient.setAutomine(false);
    try {
      // The process "dies" while its transaction waits in the pool: the round ends with it open.
      const first = await redeemer(source, store, { batchSize: 100, receiptTimeoutMs: 100 }).runOnce();
      expect(first).toMatchObject({ queued: 12, mined: 0, open: 1 });
      expect(await chain.testClient.getTxpoolStatus()).toMatchObject({ pending: 1 });
      await chain.testClient.mine({ blocks: 1 });
    } finally {
      await chain.testClient.setAutomine(true);
    }
    const restarted = await redeemer(source, store).runOnce();
    expect(restarted).toMatchObject({ queued: 0, mined: 1, redeemed: 12, paid: 12_000n, open: 0 });
    expect(await vendorTransactions()).toBe(1);
    expect(await vendorBalance()).toBe(12_000n);
    expect(await store.openSubmissions()).toEqual([]);
  });

  it('after a crash between mining and recording, records the mined transaction on restart', async () => {
    const source = await engineHolding(3, 3);
    const store = new MemoryRedemptionStore();
    const crashing: RedemptionStore = Object.create(store, {
      recordMined: { value: async () => { throw new Crash('killed before recording'); } },
    });
    await expect(redeemer(source, crashing, { batchSize: 100 }).runOnce()).rejects.toThrow(Crash);
    expect(await vendorBalance()).toBe(9_000n);
    expect(await redeemer(source, store).runOnce()).toMatchObject({ mined: 1, redeemed: 9, paid: 9_000n });
    expect(await vendorTransactions()).toBe(1);
    expect((await store.totals()).reduce((sum, each) => sum + each.redeemed, 0n)).toBe(9_000n);
  });

  it('queues the vouchers of a transaction replaced after a crash again, and redeems them once', async () => {
    const source = await engineHolding(2, 2);
    const store = new MemoryRedemptionStore();
    const crashing: RedemptionChain = { ...viemChain(), broadcast: async () => { throw new Crash('killed before broadcast'); } };
    await expect(redeemer(source, store, { chain: crashing }).runOnce()).rejects.toThrow(Crash);
    // The vendor's account sends something else with that nonce (an operator, another tool).
    const vendor = chain.wallet(VENDOR);
    await chain.mined(await vendor.sendTransaction({ to: chain.account(9).address, value: 1n }));
    const round = await redeemer(source, store).runOnce();
    expect(round).toMatchObject({ mined: 1, redeemed: 6, paid: 6_000n });
    expect(await vendorBalance()).toBe(6_000n);
    expect(await redeemedVouchers()).toBe(6n);
  });

  it('sets aside a voucher the contract refuses and redeems the rest', async () => {
    const source = await engineHolding(3, 3);
    // A spent voucher whose signature is not the client's (the store was tampered with).
    const client = chain.account(CLIENTS[1]!).address;
    const forged = await signVoucher(chain.account(9), chain.domain, { vendor: vendorAddress(), nonce: 3n, atoms: 1_000n });
    await source.withClient(client, async (state) => {
      await state.vouchers.insert({ ...forged, client, signature: forged.signature as Hex });
      await state.vouchers.markSpent(3n);
    });
    const store = new MemoryRedemptionStore();
    const round = await redeemer(source, store, { batchSize: 100 }).runOnce();
    expect(round).toMatchObject({ queued: 10, failed: 1, redeemed: 9, paid: 9_000n });
    expect((await store.totals()).find((each) => each.client === client)).toMatchObject({ redeemed: 3_000n, failed: 1_000n });
  });

  it('start() runs rounds on its interval until stop()', async () => {
    const source = await engineHolding(2, 1);
    const store = new MemoryRedemptionStore();
    const running = redeemer(source, store, { intervalMs: 10 });
    running.start();
    await vi.waitFor(async () => expect(await vendorBalance()).toBe(3_000n), { timeout: 10_000, interval: 20 });
    // A voucher spent while it runs is redeemed by a later round.
    await source.withClient(chain.account(CLIENTS[0]!).address, (state) => state.vouchers.markSpent(1n));
    await vi.waitFor(async () => expect(await vendorBalance()).toBe(4_000n), { timeout: 10_000, interval: 20 });
    await running.stop();
    await source.withClient(chain.account(CLIENTS[1]!).address, (state) => state.vouchers.markSpent(1n));
    // Stopped: a direct round is what redeems the last one, so none was scheduled after stop().
    expect(await redeemer(source, store).runOnce()).toMatchObject({ queued: 1, redeemed: 1 });
    expect(await vendorTransactions()).toBe(3);
  });

  it('survives a restart with its record in SQL (PGlite), crash between sending and mining', async () => {
    const source = await engineHolding(4, 4);
    const db = await openPgliteDatabase();
    try {
      await chain.testClient.setAutomine(false);
      try {
        const first = await redeemer(source, await SqlRedemptionStore.open(db), { batchSize: 5, receiptTimeoutMs: 100 }).runOnce();
        expect(first).toMatchObject({ queued: 12, open: 1 });
        await chain.testClient.mine({ blocks: 1 });
      } finally {
        await chain.testClient.setAutomine(true);
      }
      const store = await SqlRedemptionStore.open(db);
      const restarted = await redeemer(source, store, { batchSize: 5 }).runOnce();
      expect(restarted).toMatchObject({ mined: 3, redeemed: 12, paid: 12_000n, open: 0 });
      expect(await vendorTransactions()).toBe(3);
      expect(await vendorBalance()).toBe(12_000n);
      expect((await store.totals()).map((each) => each.redeemed)).toEqual([4_000n, 4_000n, 4_000n]);
    } finally {
      await db.close();
    }
  });
});
