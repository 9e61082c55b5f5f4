import fc from 'fast-check';
import type { PrivateKeyAccount } from 'viem/accounts';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SignedVoucher } from '../protocol';
import { Engine, type Query, type Settlement } from './engine';
import { EngineError } from './errors';
import { MemoryChainOracle } from './memory/chain-oracle';
import { MemoryClientStore } from './memory/client-store';
import { DOMAIN, PRICES, VENDOR, clientAccount, headerOf, signVouchers } from './test-fixtures';
import { VerifiedVoucherCache } from './verified-voucher-cache';

/**
 * Random interleavings of sessions, queries and settlements for a few clients. Commands in one
 * batch run concurrently, so their awaits interleave on the engine's per-client locks.
 */
const CLIENTS = 3;
const POOL = 32;
const COLLATERAL = [60_000n, 60_000n, 600n]; // the last client's cap (100) binds
const accounts: PrivateKeyAccount[] = Array.from({ length: CLIENTS }, (_, index) => clientAccount(index + 10));
let pools: SignedVoucher[][] = [];
// Shared across runs: each pooled voucher's signature is recovered once, not once per run.
const verifiedCache = new VerifiedVoucherCache();

beforeAll(async () => {
  pools = await Promise.all(
    accounts.map((account, index) =>
      signVouchers(account, Array.from({ length: POOL }, (_, nonce) => BigInt(5 + ((nonce * 37 + index * 11) % 26)))),
    ),
  );
});

type Command =
  | { kind: 'session'; client: number; fresh: number; lookback: number }
  | { kind: 'query'; client: number; approx: bigint }
  | { kind: 'settle'; pick: number; percent: bigint }
  | { kind: 'reserve'; pick: number; percent: bigint }
  | { kind: 'abandon'; pick: number }
  | { kind: 'credit'; pick: number; percent: bigint };

const client = fc.integer({ min: 0, max: CLIENTS - 1 });
const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({
    kind: fc.constant('session' as const),
    client,
    fresh: fc.integer({ min: 0, max: 3 }),
    lookback: fc.integer({ min: 0, max: 3 }),
  }),
  fc.record({ kind: fc.constant('query' as const), client, approx: fc.bigInt({ min: 0n, max: 60n }) }),
  fc.record({ kind: fc.constant('query' as const), client, approx: fc.bigInt({ min: 0n, max: 60n }) }),
  fc.record({ kind: fc.constant('settle' as const), pick: fc.nat(), percent: fc.bigInt({ min: 0n, max: 100n }) }),
  // Answers that cost more than was locked: the JSON priced after it ran, the MCP echo of 10,000 escapes.
  fc.record({ kind: fc.constant('settle' as const), pick: fc.nat(), percent: fc.bigInt({ min: 0n, max: 2000n }) }),
  fc.record({ kind: fc.constant('reserve' as const), pick: fc.nat(), percent: fc.bigInt({ min: 0n, max: 400n }) }),
  fc.record({ kind: fc.constant('abandon' as const), pick: fc.nat() }),
  // A whole answer aborted after `percent` of its bytes: the rest is credited back.
  fc.record({ kind: fc.constant('credit' as const), pick: fc.nat(), percent: fc.bigInt({ min: 0n, max: 100n }) }),
);
const batches = fc.array(fc.array(command, { minLength: 1, maxLength: 4 }), { minLength: 5, maxLength: 25 });
// Every run opens with each client's first vouchers, so most commands find credit to work on.
const opening: Command[] = Array.from({ length: CLIENTS }, (_, index) => ({
  kind: 'session',
  client: index,
  fresh: 2,
  lookback: 0,
}));

interface ClientModel {
  released: number; // vouchers the client has put in a header so far
  charged: bigint; // sum of settlement costs
  spent: bigint[]; // nonces settlements reported as marked spent, less those credit-backs unspent
}

const EXPECTED_SESSION_REJECTIONS = new Set(['nonce_gap', 'voucher_spent']);

async function runScenario(plan: Command[][]): Promise<void> {
  const oracle = new MemoryChainOracle();
  accounts.forEach((account, index) =>
    oracle.setClient(account.address, { collateral: COLLATERAL[index]!, vendors: [VENDOR] }),
  );
  const clients = new MemoryClientStore();
  const engine = new Engine({ vendor: VENDOR, domain: DOMAIN, prices: PRICES, clients, oracle, verifiedCache });
  const models: ClientModel[] = accounts.map(() => ({ released: 0, charged: 0n, spent: [] }));
  const open: Query[] = [];
  const settled: { settlement: Settlement; client: number; bytes: bigint; elapsedMs: bigint }[] = [];
  const indexOf = (query: Query) => accounts.findIndex((account) => account.address === query.client);

  const run = async (step: Command): Promise<void> => {
    switch (step.kind) {
      case 'session': {
        const model = models[step.client]!;
        // Like a wallet: the new vouchers, plus `lookback` older ones the vendor may not have seen.
        const from = Math.max(0, model.released - step.lookback);
        const newest = Math.min(model.released + step.fresh, POOL) - 1;
        if (newest < from) return;
        model.released = newest + 1;
        const header = headerOf(...pools[step.client]!.slice(from, newest + 1));
        try {
          await engine.acceptSession(header);
        } catch (error) {
          // Out-of-order headers may gap, and an old header may authenticate with a spent voucher; nothing else.
          if (!(error instanceof EngineError) || !EXPECTED_SESSION_REJECTIONS.has(error.code)) throw error;
        }
        return;
      }
      case 'query': {
        const decision = await engine.acceptQuery(accounts[step.client]!.address, step.approx);
        if (!decision.accepted) {
          expect(decision.credit.available === 0n || decision.credit.available < step.approx).toBe(true);
          return;
        }
        const { unspent, unmarked, locked, cap } = decision.credit;
        // What was available before this lock covered it.
        const before = unspent - unmarked - (locked - step.approx);
        expect(step.approx).toBeLessThanOrEqual(before < cap ? before : cap);
        open.push(decision.query);
        return;
      }
      case 'reserve': {
        if (open.length === 0) return;
        // Taken out while it runs, so no other command of the batch settles it meanwhile.
        const [query] = open.splice(step.pick % open.length, 1);
        const before = query!.lockedCost;
        const atoms = (before * step.percent) / 100n + 1n;
        const reservation = await engine.reserveQuery(query!, atoms);
        if (reservation.reserved) expect(query!.lockedCost).toBe(atoms > before ? atoms : before);
        else expect(query!.lockedCost).toBe(before);
        open.push(query!);
        return;
      }
      case 'settle':
      case 'abandon': {
        if (open.length === 0) return;
        // Taken out synchronously, so two commands in a batch never pick the same query.
        const [query] = open.splice(step.pick % open.length, 1);
        const model = models[indexOf(query!)]!;
        if (step.kind === 'abandon') {
          await engine.abandonQuery(query!);
          return;
        }
        const cost = (query!.lockedCost * step.percent) / 100n;
        let settlement;
        try {
          settlement = await engine.settleQuery(query!, { elapsedMs: cost / 2n, bytes: cost - cost / 2n });
        } catch (error) {
          // Only a cost above the lock plus what is available is refused, and the query stays open.
          if (!(error instanceof EngineError) || error.code !== 'insufficient_credit') throw error;
          expect(cost - query!.lockedCost).toBeGreaterThan(error.credit!.available);
          refusedSettlements += 1;
          open.push(query!);
          return;
        }
        expect(settlement.cost).toBe(cost);
        model.charged += cost;
        // A voucher spent again after a credit-back unspent it is reported again, never one still spent.
        for (const nonce of settlement.spentNonces) expect(model.spent).not.toContain(nonce);
        model.spent.push(...settlement.spentNonces);
        settled.push({ settlement, client: indexOf(query!), bytes: cost - cost / 2n, elapsedMs: cost / 2n });
        return;
      }
      case 'credit': {
        if (settled.length === 0) return;
        const [{ settlement, client, bytes, elapsedMs }] = settled.splice(step.pick % settled.length, 1) as [(typeof settled)[number]];
        const model = models[client]!;
        const delivered = (bytes * step.percent) / 100n;
        const credited = await engine.creditUndelivered(settlement, delivered);
        // Exactly the bytes not delivered: the time and the delivered bytes stay charged.
        expect(credited.atoms).toBe(settlement.cost - (elapsedMs + delivered));
        model.charged -= credited.atoms;
        model.spent = model.spent.filter((nonce) => !credited.unspentNonces.includes(nonce));
        if (credited.unspentNonces.length > 0) unspendingCredits += 1;
        await expect(engine.creditUndelivered(settlement, delivered)).rejects.toThrow('settlement_not_creditable');
        return;
      }
    }
  };

  for (const batch of [opening, ...plan]) {
    await Promise.all(batch.map(run));
    for (const [index, account] of accounts.entries()) {
      const model = models[index]!;
      const state = await engine.inspect(account.address);
      const released = pools[index]!.slice(0, model.released);
      const signedAtoms = released.reduce((sum, voucher) => sum + voucher.atoms, 0n);
      const spentVouchers = state.vouchers.filter((voucher) => voucher.spent);
      const spentAtoms = spentVouchers.reduce((sum, voucher) => sum + voucher.atoms, 0n);
      // Only vouchers the client signed are held, unchanged.
      state.vouchers.forEach((voucher, nonce) => expect(voucher.signature).toBe(released[nonce]!.signature));
      expect(spentAtoms).toBeLessThanOrEqual(signedAtoms);
      // No voucher is marked spent twice, and every spent one was reported by a settlement.
      expect(new Set(model.spent).size).toBe(model.spent.length);
      expect([...model.spent].sort((a, b) => (a < b ? -1 : 1))).toEqual(spentVouchers.map((voucher) => voucher.nonce));
      // Every charged atom is either covered by a spent voucher or still unmarked.
      expect(spentAtoms + state.unmarked).toBe(model.charged);
      // Locks and charges never exceed the credit the client gave.
      const openLocks = open
        .filter((query) => query.client === account.address)
        .reduce((sum, query) => sum + query.lockedCost, 0n);
      expect(state.locked).toBe(openLocks);
      expect(state.unmarked + state.locked).toBeLessThanOrEqual(state.credit.unspent);
      // The invariant itself: charged cost never exceeds the atoms of the vouchers the client signed.
      expect(model.charged).toBeLessThanOrEqual(signedAtoms);
      expect(state.unmarked).toBeLessThanOrEqual(state.credit.unspent);
    }
  }
}

let refusedSettlements = 0;
let unspendingCredits = 0;

describe('engine under random interleavings', () => {
  it('never lets a client consume more than it signed, nor spend a voucher twice', async () => {
    await fc.assert(fc.asyncProperty(batches, runScenario), { numRuns: 150 });
    // The over-cost settlements were exercised, not just generated.
    expect(refusedSettlements).toBeGreaterThan(0);
    // Credit-backs larger than the unmarked cost, which unspend vouchers, were exercised too.
    expect(unspendingCredits).toBeGreaterThan(0);
  });
});
