import type { Address } from 'viem';
import { beforeEach, describe, expect, it } from 'vitest';
import { Engine, type Query } from './engine';
import type { EngineError } from './errors';
import { MemoryChainOracle } from './memory/chain-oracle';
import { MemoryClientStore } from './memory/client-store';
import type { ClientState, ClientStore } from './ports';
import {
  DOMAIN,
  PRICES,
  VENDOR,
  clientAccount,
  headerOf,
  signVouchers,
  subscribe,
  testVendor,
  type TestVendor,
} from './test-fixtures';

const alice = clientAccount(0);
const bob = clientAccount(1);
const ms = (elapsedMs: bigint) => ({ elapsedMs, bytes: 0n });

let vendor: TestVendor;
beforeEach(() => {
  vendor = testVendor();
  // cap = 60_000 / (1 + 5) = 10_000: above every voucher total below unless a test says otherwise.
  subscribe(vendor.oracle, alice.address, 60_000n);
  subscribe(vendor.oracle, bob.address, 60_000n);
});

async function open(client: Address, approxCost: bigint, engine: Engine = vendor.engine): Promise<Query> {
  const decision = await engine.acceptQuery(client, approxCost);
  if (!decision.accepted) throw new Error(`query refused with ${decision.credit.available} available`);
  return decision.query;
}

describe('the seed’s voucher flow', () => {
  it('charges queries into unmarked cost, spends the voucher, and asks for the next one', async () => {
    const [v0, v1] = await signVouchers(alice, [1_000n, 1_000n]);
    await vendor.engine.acceptSession(headerOf(v0!));

    const first = await vendor.engine.acceptQuery(alice.address, 300n);
    expect(first.accepted).toBe(true);
    expect(first.credit).toMatchObject({ unspent: 1_000n, locked: 300n, available: 700n });
    if (!first.accepted) return;
    const settled = await vendor.engine.settleQuery(first.query, ms(250n));
    expect(settled).toMatchObject({ cost: 250n, chargedNonce: 0n, lastNonce: 0n, spentNonces: [] });
    expect(settled.credit).toEqual({ unspent: 1_000n, unmarked: 250n, locked: 0n, cap: 10_000n, available: 750n });

    const second = await open(alice.address, 750n);
    const spending = await vendor.engine.settleQuery(second, ms(750n));
    expect(spending.spentNonces).toEqual([0n]);
    expect(spending.credit).toMatchObject({ unspent: 0n, unmarked: 0n, available: 0n });

    const refused = await vendor.engine.acceptQuery(alice.address, 1n);
    expect(refused).toMatchObject({ accepted: false, code: 'insufficient_credit', credit: { available: 0n } });

    const session = await vendor.engine.acceptSession(headerOf(v0!, v1!));
    expect(session).toMatchObject({ inserted: [1n], lastNonce: 1n });
    expect((await vendor.engine.credit(alice.address)).available).toBe(1_000n);
  });

  it('prices a query by time and bytes, a GB being 1e9 bytes, each part rounded up', async () => {
    const priced = testVendor({ prices: { atomsPerHour: 3_600n, atomsPerGB: 1_000n } });
    subscribe(priced.oracle, alice.address, 60_000n);
    const [v0] = await signVouchers(alice, [5_000n]);
    await priced.engine.acceptSession(headerOf(v0!));
    const query = await open(alice.address, 2_000n, priced.engine);
    // 1 ms at 3600/h is 0.001 atom → 1; 1e9+1 bytes at 1000/GB is 1000.000001 → 1001.
    const settled = await priced.engine.settleQuery(query, { elapsedMs: 1n, bytes: 1_000_000_001n });
    expect(settled.cost).toBe(1_002n);
    expect(settled.credit.unmarked).toBe(1_002n);
  });

  it('caps credit at collateral shared over subscriptions plus expand risk', async () => {
    vendor.oracle.setClient(alice.address, { collateral: 600n, vendors: [VENDOR] });
    const [v0] = await signVouchers(alice, [500n]);
    await vendor.engine.acceptSession(headerOf(v0!));
    expect(await vendor.engine.credit(alice.address)).toEqual({
      unspent: 500n,
      unmarked: 0n,
      locked: 0n,
      cap: 100n,
      available: 100n,
    });
    expect((await vendor.engine.acceptQuery(alice.address, 101n)).accepted).toBe(false);

    const lowRisk = new Engine({
      vendor: VENDOR,
      domain: DOMAIN,
      prices: { atomsPerHour: 1n, atomsPerGB: 1n },
      clients: vendor.clients,
      oracle: vendor.oracle,
      expandRisk: 1n,
    });
    expect((await lowRisk.credit(alice.address)).cap).toBe(300n);
  });
});

describe('settlement', () => {
  it('marks spent every voucher one settlement covers', async () => {
    const vouchers = await signVouchers(alice, [100n, 100n, 100n, 100n]);
    await vendor.engine.acceptSession(headerOf(...vouchers));
    const big = await vendor.engine.settleQuery(await open(alice.address, 300n), ms(250n));
    expect(big).toMatchObject({ cost: 250n, chargedNonce: 0n, lastNonce: 3n, spentNonces: [0n, 1n] });
    expect(big.credit).toMatchObject({ unspent: 200n, unmarked: 50n, available: 150n });
    const small = await vendor.engine.settleQuery(await open(alice.address, 50n), ms(50n));
    expect(small).toMatchObject({ chargedNonce: 2n, spentNonces: [2n] });
    expect(small.credit).toMatchObject({ unspent: 100n, unmarked: 0n });
    const marks = (await vendor.engine.inspect(alice.address)).vouchers.map((voucher) => voucher.spent);
    expect(marks).toEqual([true, true, true, false]);
  });

  it('marks a voucher when the unmarked cost reaches its atoms exactly, not one atom before', async () => {
    const [v0] = await signVouchers(alice, [100n]);
    await vendor.engine.acceptSession(headerOf(v0!));
    expect((await vendor.engine.settleQuery(await open(alice.address, 99n), ms(99n))).spentNonces).toEqual([]);
    const last = await vendor.engine.settleQuery(await open(alice.address, 1n), ms(1n));
    expect(last.spentNonces).toEqual([0n]);
    expect(last.credit).toMatchObject({ unspent: 0n, unmarked: 0n });
  });

  it('refuses a cost above the lock plus the available credit, writing nothing and keeping the query open', async () => {
    const [v0] = await signVouchers(alice, [100n]);
    await vendor.engine.acceptSession(headerOf(v0!));
    const query = await open(alice.address, 10n);
    const refused = await vendor.engine.settleQuery(query, ms(101n)).catch((error: unknown) => error);
    expect(refused).toMatchObject({ name: 'EngineError', code: 'insufficient_credit', nextNonce: 1n });
    expect((refused as EngineError).credit).toMatchObject({ unspent: 100n, unmarked: 0n, locked: 10n, available: 90n });
    expect(await vendor.engine.credit(alice.address)).toMatchObject({ unmarked: 0n, locked: 10n });
    // Exactly what the vouchers cover is charged.
    const settled = await vendor.engine.settleQuery(query, ms(100n));
    expect(settled).toMatchObject({ cost: 100n, spentNonces: [0n] });
    expect(settled.credit).toMatchObject({ unspent: 0n, unmarked: 0n, locked: 0n });
  });

  it('raises a query lock only as far as the credit covers', async () => {
    const [v0] = await signVouchers(alice, [100n]);
    await vendor.engine.acceptSession(headerOf(v0!));
    const query = await open(alice.address, 10n);
    expect(await vendor.engine.reserveQuery(query, 60n)).toMatchObject({ reserved: true, credit: { locked: 60n, available: 40n } });
    expect(query.lockedCost).toBe(60n);
    expect(await vendor.engine.reserveQuery(query, 101n)).toMatchObject({ reserved: false, credit: { locked: 60n } });
    expect(await vendor.engine.reserveQuery(query, 20n)).toMatchObject({ reserved: true, credit: { locked: 60n } });
    expect((await vendor.engine.settleQuery(query, ms(100n))).credit).toMatchObject({ unmarked: 0n, locked: 0n, unspent: 0n });
  });

  it('reports the last nonce as charged when no voucher is left unspent', async () => {
    const [v0] = await signVouchers(alice, [100n]);
    await vendor.engine.acceptSession(headerOf(v0!));
    const first = await open(alice.address, 10n);
    const second = await open(alice.address, 0n);
    await vendor.engine.settleQuery(first, ms(100n));
    const late = await vendor.engine.settleQuery(second, ms(0n));
    expect(late).toMatchObject({ cost: 0n, chargedNonce: 0n, lastNonce: 0n, spentNonces: [] });
    expect(late.credit).toMatchObject({ unspent: 0n, unmarked: 0n, locked: 0n });
  });

  it('settles or abandons a query once only', async () => {
    const [v0] = await signVouchers(alice, [1_000n]);
    await vendor.engine.acceptSession(headerOf(v0!));
    const query = await open(alice.address, 100n);
    await vendor.engine.settleQuery(query, ms(10n));
    await expect(vendor.engine.settleQuery(query, ms(10n))).rejects.toMatchObject({ name: 'EngineFault', code: 'query_not_open' });
    await expect(vendor.engine.abandonQuery(query)).rejects.toMatchObject({ code: 'query_not_open' });
    await expect(vendor.engine.settleQuery({ ...query, id: 'made-up' }, ms(1n))).rejects.toMatchObject({ code: 'query_not_open' });
    expect((await vendor.engine.credit(alice.address)).unmarked).toBe(10n);
  });

  it('trusts its own record of the lock, not the query object handed back', async () => {
    const [v0] = await signVouchers(alice, [1_000n]);
    await vendor.engine.acceptSession(headerOf(v0!));
    const query = await open(alice.address, 100n);
    await vendor.engine.abandonQuery({ ...query, lockedCost: 0n, client: bob.address });
    expect(await vendor.engine.credit(alice.address)).toMatchObject({ locked: 0n, available: 1_000n });
  });

  it('leaves a query open when its usage is invalid', async () => {
    const [v0] = await signVouchers(alice, [1_000n]);
    await vendor.engine.acceptSession(headerOf(v0!));
    const query = await open(alice.address, 100n);
    await expect(vendor.engine.settleQuery(query, ms(-1n))).rejects.toThrow(RangeError);
    expect((await vendor.engine.settleQuery(query, ms(3n))).cost).toBe(3n);
  });

  it('releases an abandoned query’s lock without charging', async () => {
    const [v0] = await signVouchers(alice, [1_000n]);
    await vendor.engine.acceptSession(headerOf(v0!));
    const query = await open(alice.address, 400n);
    expect((await vendor.engine.credit(alice.address)).available).toBe(600n);
    expect(await vendor.engine.abandonQuery(query)).toMatchObject({ unmarked: 0n, locked: 0n, available: 1_000n });
  });
});

describe('queries', () => {
  it('refuses a query to a client without credit, even at approximate cost 0', async () => {
    const refused = await vendor.engine.acceptQuery(alice.address, 0n);
    expect(refused).toEqual({
      accepted: false,
      code: 'insufficient_credit',
      credit: { unspent: 0n, unmarked: 0n, locked: 0n, cap: 10_000n, available: 0n },
    });
    await expect(vendor.engine.acceptQuery(alice.address, -1n)).rejects.toThrow(RangeError);
  });

  it('stamps queries with the configured clock', async () => {
    const clocked = testVendor({ now: () => 1234 });
    subscribe(clocked.oracle, alice.address, 60_000n);
    const [v0] = await signVouchers(alice, [1_000n]);
    await clocked.engine.acceptSession(headerOf(v0!));
    const query = await open(alice.address, 1n, clocked.engine);
    expect(query).toMatchObject({ client: alice.address, lockedCost: 1n, startedAt: 1234 });
  });

  it('never locks more than the credit under parallel queries', async () => {
    const vouchers = await signVouchers(alice, [500n, 500n]);
    await vendor.engine.acceptSession(headerOf(...vouchers));
    const attempts = Array.from({ length: 25 }, () => vendor.engine.acceptQuery(alice.address, 100n));
    const decisions = await Promise.all(attempts);
    const accepted = decisions.flatMap((decision) => (decision.accepted ? [decision.query] : []));
    expect(accepted).toHaveLength(10);
    expect(await vendor.engine.credit(alice.address)).toMatchObject({ locked: 1_000n, available: 0n });
    const settlements = await Promise.all(accepted.map((query) => vendor.engine.settleQuery(query, ms(100n))));
    expect(settlements.flatMap((settlement) => settlement.spentNonces).sort()).toEqual([0n, 1n]);
    expect(await vendor.engine.credit(alice.address)).toMatchObject({ unspent: 0n, unmarked: 0n, locked: 0n });
  });
});

describe('sessions', () => {
  it('accepts vouchers that arrive out of order in multi-voucher headers', async () => {
    const [v0, v1, v2] = await signVouchers(alice, [100n, 100n, 100n]);
    const request1 = headerOf(v0!, v1!);
    const request2 = headerOf(v0!, v1!, v2!);
    const second = await vendor.engine.acceptSession(request2);
    const first = await vendor.engine.acceptSession(request1);
    expect(second).toMatchObject({ inserted: [0n, 1n, 2n], lastNonce: 2n });
    expect(first).toMatchObject({ inserted: [], lastNonce: 2n });
    expect(first.voucher.nonce).toBe(1n);
    expect((await vendor.engine.credit(alice.address)).unspent).toBe(300n);
  });

  it('accepts both when the two requests race', async () => {
    const [v0, v1, v2] = await signVouchers(bob, [100n, 100n, 100n]);
    await vendor.engine.acceptSession(headerOf(v0!));
    const sessions = await Promise.all([
      vendor.engine.acceptSession(headerOf(v0!, v1!, v2!)),
      vendor.engine.acceptSession(headerOf(v0!, v1!)),
    ]);
    expect(sessions.flatMap((session) => session.inserted).sort()).toEqual([1n, 2n]);
    expect(await vendor.engine.nextNonce(bob.address)).toBe(3n);
  });

  it('inspects a client', async () => {
    const [v0, v1] = await signVouchers(alice, [100n, 200n]);
    await vendor.engine.acceptSession(headerOf(v0!, v1!));
    await open(alice.address, 30n);
    const inspection = await vendor.engine.inspect(alice.address);
    expect(inspection).toMatchObject({ client: alice.address, unmarked: 0n, locked: 30n, nextNonce: 2n });
    expect(inspection.credit.available).toBe(270n);
    expect(inspection.vouchers.map((voucher) => [voucher.nonce, voucher.atoms, voucher.spent])).toEqual([
      [0n, 100n, false],
      [1n, 200n, false],
    ]);
  });
});

describe('clients are independent', () => {
  /** A store whose calls for one client wait at a gate before starting. */
  class GatedStore implements ClientStore {
    private readonly inner = new MemoryClientStore();
    private release!: () => void;
    private readonly gate = new Promise<void>((resolve) => {
      this.release = resolve;
    });
    constructor(private readonly slowClient: Address) {}
    open(): void {
      this.release();
    }
    async withClient<T>(client: Address, fn: (state: ClientState) => Promise<T>): Promise<T> {
      return this.inner.withClient(client, async (state) => {
        if (client === this.slowClient) await this.gate;
        return fn(state);
      });
    }
  }

  it('a slow withClient for one client does not delay another', async () => {
    const store = new GatedStore(alice.address);
    const oracle = new MemoryChainOracle({ collateral: 60_000n });
    const engine = new Engine({ vendor: VENDOR, domain: DOMAIN, prices: PRICES, clients: store, oracle });
    const [a0] = await signVouchers(alice, [100n]);
    const [b0] = await signVouchers(bob, [100n]);
    let aliceDone = false;
    const aliceSession = engine.acceptSession(headerOf(a0!)).then(() => {
      aliceDone = true;
    });
    await engine.acceptSession(headerOf(b0!));
    const bobQuery = await open(bob.address, 50n, engine);
    const settled = await engine.settleQuery(bobQuery, ms(50n));
    expect(settled.credit.unmarked).toBe(50n);
    expect(aliceDone).toBe(false);
    store.open();
    await aliceSession;
    expect(await engine.nextNonce(alice.address)).toBe(1n);
  });
});
