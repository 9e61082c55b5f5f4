import type { Address } from 'viem';
import {
  costOf,
  type CreditSnapshot,
  type Prices,
  type SignedVoucher,
  type Usage,
  type VoucherDomain,
  type VoucherHeader,
} from '../protocol';
import { CreditTrack, creditOf, riskCap } from './credit-track';
import { EngineError, EngineFault } from './errors';
import type { ChainOracle, ClientState, ClientStore, StoredVoucher } from './ports';
import { VerifiedVoucherCache } from './verified-voucher-cache';
import { VoucherAuth, type VolatileFacts } from './voucher-auth';

export interface EngineConfig {
  vendor: Address;
  /** The chainId and verifyingContract this vendor accepts. */
  domain: VoucherDomain;
  prices: Prices;
  clients: ClientStore;
  oracle: ChainOracle;
  /** Added to the client's subscription count when sharing out collateral; default 5n. */
  expandRisk?: bigint;
  /** Default: a bounded LRU of vouchers already verified. */
  verifiedCache?: VerifiedVoucherCache;
  /** Clock in ms, for tests. */
  now?: () => number;
}

export interface Session {
  client: Address;
  /** The authenticating (newest) voucher. */
  voucher: SignedVoucher;
  /** Nonces newly stored by this call. */
  inserted: bigint[];
  /** The highest nonce now held for the client. */
  lastNonce: bigint;
}

export interface Query {
  id: string;
  client: Address;
  lockedCost: bigint;
  startedAt: number;
}

export type QueryDecision =
  | { accepted: true; query: Query; credit: CreditSnapshot }
  | { accepted: false; code: 'insufficient_credit'; credit: CreditSnapshot };

/** A session and its first query, decided in one client transaction (acceptSessionAndQuery). */
export interface AdmittedRequest {
  session: Session;
  decision: QueryDecision;
}

export interface Settlement {
  /** Atoms charged: costOf(prices, usage). */
  cost: bigint;
  /** The first unspent voucher when the cost was charged (lastNonce if none). */
  chargedNonce: bigint;
  lastNonce: bigint;
  /** Vouchers this settlement marked spent, ascending. */
  spentNonces: bigint[];
  /** Credit after settlement. */
  credit: CreditSnapshot;
}

/** What creditUndelivered gave back. */
export interface UndeliveredCredit {
  /** Atoms credited back: the settled cost less the cost of what was delivered. */
  atoms: bigint;
  /** Vouchers made unspent again, descending. */
  unspentNonces: bigint[];
  /** Credit after the credit-back. */
  credit: CreditSnapshot;
}

/** What reserveQuery did: raised the lock (or it was already high enough), or refused for want of credit. */
export interface QueryReservation {
  reserved: boolean;
  /** Credit after the call. */
  credit: CreditSnapshot;
}

export interface ClientInspection {
  client: Address;
  vouchers: StoredVoucher[];
  unmarked: bigint;
  locked: bigint;
  credit: CreditSnapshot;
  nextNonce: bigint;
}

interface ChainFacts extends VolatileFacts {
  cap: bigint;
}

function assertApproxCost(approxCost: bigint): void {
  if (approxCost < 0n) throw new RangeError('approxCost must not be negative');
}

/**
 * The vendor's payment engine: authenticates sessions with vouchers, locks credit for queries,
 * and settles their cost. Every read-check-write on a client runs inside clients.withClient,
 * so parallel requests of one client never over-commit its credit.
 *
 * Accepted queries are remembered in this process until settled or abandoned: the vendor must
 * do one or the other for every accepted query, or its lock stays on the client's credit.
 */
export class Engine {
  private readonly vendor: Address;
  private readonly prices: Prices;
  private readonly clients: ClientStore;
  private readonly oracle: ChainOracle;
  private readonly creditTrack: CreditTrack;
  private readonly auth: VoucherAuth;
  private readonly now: () => number;
  private readonly openQueries = new Map<string, Query>();
  /** Settlements that may still be credited back (creditUndelivered), each once; weak, so none is kept for ever. */
  private readonly creditable = new WeakMap<Settlement, { client: Address; usage: Usage }>();

  constructor(config: EngineConfig) {
    this.vendor = config.vendor;
    this.prices = config.prices;
    this.clients = config.clients;
    this.oracle = config.oracle;
    this.creditTrack = new CreditTrack(config.oracle, config.expandRisk);
    this.auth = new VoucherAuth(config.vendor, config.domain, config.verifiedCache ?? new VerifiedVoucherCache());
    this.now = config.now ?? Date.now;
  }

  async acceptSession(header: VoucherHeader): Promise<Session> {
    await this.auth.checkStatic(header);
    const facts = await this.chainFacts(header.client);
    return this.clients.withClient(header.client, (state) => this.acceptVouchers(state, header, facts));
  }

  async acceptQuery(client: Address, approxCost: bigint): Promise<QueryDecision> {
    assertApproxCost(approxCost);
    const cap = await this.cap(client);
    const decision = await this.clients.withClient(client, (state) => this.lockQuery(state, client, approxCost, cap));
    // Registered only once the lock is committed.
    if (decision.accepted) this.openQueries.set(decision.query.id, decision.query);
    return decision;
  }

  /**
   * acceptSession then acceptQuery, in one client transaction: one lock, one round of reads and
   * one commit serve both, which halves a paid request's transactions before it runs. Vouchers the
   * header brings are stored even when the query is refused, exactly as with the two calls.
   */
  async acceptSessionAndQuery(header: VoucherHeader, approxCost: bigint): Promise<AdmittedRequest> {
    assertApproxCost(approxCost);
    await this.auth.checkStatic(header);
    const client = header.client;
    const facts = await this.chainFacts(client);
    const admitted = await this.clients.withClient(client, async (state): Promise<AdmittedRequest> => {
      const session = await this.acceptVouchers(state, header, facts);
      return { session, decision: await this.lockQuery(state, client, approxCost, facts.cap) };
    });
    if (admitted.decision.accepted) this.openQueries.set(admitted.decision.query.id, admitted.decision.query);
    return admitted;
  }

  /**
   * Unlocks the query's lock, charges its cost into unmarked cost and marks spent every voucher
   * that cost covers. Slips of the seed fixed here and in costOf: a GB is 1e9 bytes (the seed
   * divided by 8e9), costs are integer atoms rounded up (the seed multiplied floats), and one
   * settlement may mark several vouchers (the seed marked at most one).
   *
   * The cost may exceed the lock only by what is still available: a client is never charged more
   * than the vouchers it signed (unmarked ≤ unspent). A larger cost is refused with
   * `insufficient_credit` (its credit attached), nothing is written and the query stays open, so
   * the caller can answer 402 and abandon it, or settle a smaller usage.
   */
  async settleQuery(query: Query, usage: Usage): Promise<Settlement> {
    const cost = costOf(this.prices, usage);
    const open = this.claim(query);
    try {
      const cap = await this.cap(open.client);
      const settlement = await this.clients.withClient(open.client, async (state): Promise<Settlement> => {
        const lastNonce = await state.vouchers.lastKnownNonce();
        if (lastNonce === null) throw new EngineFault('no_vouchers_to_settle', `client ${open.client} has no vouchers to settle against`);
        if (cost > open.lockedCost) {
          const credit = await this.creditTrack.snapshot(state, cap);
          if (cost - open.lockedCost > credit.available) {
            throw new EngineError('insufficient_credit', `the answer costs ${cost} atoms; ${open.lockedCost + credit.available} are covered`, {
              nextNonce: lastNonce + 1n,
              credit,
            });
          }
        }
        await state.costs.unlock(open.lockedCost);
        const chargedNonce = (await state.vouchers.firstUnspent())?.nonce ?? lastNonce;
        await state.costs.add(cost);
        const spentNonces = await this.markCovered(state);
        return { cost, chargedNonce, lastNonce, spentNonces, credit: await this.creditTrack.snapshot(state, cap) };
      });
      this.creditable.set(settlement, { client: open.client, usage });
      return settlement;
    } catch (error) {
      // Nothing was written; the query can be settled or abandoned again.
      this.openQueries.set(open.id, open);
      throw error;
    }
  }

  /**
   * Credits back the part of a settled answer that was not delivered: the answer was charged in
   * full before it was sent (so the charge was durable before its receipt left), and the client
   * went away after `deliveredBytes` of its `usage.bytes`. The credit is the settled cost less the
   * cost of the time charged and the bytes delivered, so never below what was delivered; the time
   * is not credited (it ran until the answer was priced, before the abort). In one client
   * transaction it comes off the unmarked cost, and when this answer's charge marked vouchers spent
   * it unspends them, newest first, so `unmarked ≤ unspent` still holds. Each settlement is
   * credited at most once; a voucher the redeemer already claimed stays claimed on chain and its
   * atoms stay the client's credit here.
   */
  async creditUndelivered(settlement: Settlement, deliveredBytes: bigint): Promise<UndeliveredCredit> {
    const settled = this.creditable.get(settlement);
    if (settled === undefined) throw new EngineFault('settlement_not_creditable', 'this settlement was never made here, or was credited back already');
    if (deliveredBytes < 0n) throw new RangeError('deliveredBytes must not be negative');
    this.creditable.delete(settlement);
    const { client, usage } = settled;
    const delivered = { elapsedMs: usage.elapsedMs, bytes: deliveredBytes < usage.bytes ? deliveredBytes : usage.bytes };
    const atoms = settlement.cost - costOf(this.prices, delivered);
    try {
      const cap = await this.cap(client);
      return await this.clients.withClient(client, async (state) => {
        const unspentNonces = atoms > 0n ? await this.creditBack(state, atoms) : [];
        return { atoms: atoms > 0n ? atoms : 0n, unspentNonces, credit: await this.creditTrack.snapshot(state, cap) };
      });
    } catch (error) {
      // Nothing was written: it may be tried again.
      this.creditable.set(settlement, settled);
      throw error;
    }
  }

  /**
   * Raises an open query's lock to `atoms` when the client's available credit covers the rise, so
   * a stream is charged while it runs: it reserves before it sends, and stops when this refuses.
   * The query's `lockedCost` is updated in place. A lock already at or above `atoms` is kept.
   */
  async reserveQuery(query: Query, atoms: bigint): Promise<QueryReservation> {
    const open = this.claim(query);
    try {
      const cap = await this.cap(open.client);
      return await this.clients.withClient(open.client, async (state) => {
        const credit = await this.creditTrack.snapshot(state, cap);
        const rise = atoms - open.lockedCost;
        if (rise <= 0n) return { reserved: true, credit };
        if (rise > credit.available) return { reserved: false, credit };
        await state.costs.lock(rise);
        open.lockedCost = atoms;
        return { reserved: true, credit: creditOf({ ...credit, locked: credit.locked + rise }, cap) };
      });
    } finally {
      this.openQueries.set(open.id, open);
    }
  }

  async abandonQuery(query: Query): Promise<CreditSnapshot> {
    const open = this.claim(query);
    try {
      const cap = await this.cap(open.client);
      return await this.clients.withClient(open.client, async (state) => {
        await state.costs.unlock(open.lockedCost);
        return this.creditTrack.snapshot(state, cap);
      });
    } catch (error) {
      this.openQueries.set(open.id, open);
      throw error;
    }
  }

  async credit(client: Address): Promise<CreditSnapshot> {
    const cap = await this.cap(client);
    return this.clients.withClient(client, (state) => this.creditTrack.snapshot(state, cap));
  }

  async nextNonce(client: Address): Promise<bigint> {
    return this.clients.withClient(client, async (state) => {
      const last = await state.vouchers.lastKnownNonce();
      return last === null ? 0n : last + 1n;
    });
  }

  async inspect(client: Address): Promise<ClientInspection> {
    const cap = await this.cap(client);
    return this.clients.withClient(client, async (state) => {
      const [vouchers, unmarked, locked, credit, last] = await Promise.all([
        state.vouchers.allVouchers(),
        state.costs.unmarked(),
        state.costs.locked(),
        this.creditTrack.snapshot(state, cap),
        state.vouchers.lastKnownNonce(),
      ]);
      return { client, vouchers, unmarked, locked, credit, nextNonce: last === null ? 0n : last + 1n };
    });
  }

  /**
   * Chain reads happen before the client is locked, so a slow oracle does not hold the lock; all
   * three are asked at once.
   */
  private async chainFacts(client: Address): Promise<ChainFacts> {
    const [subscribed, risk] = await Promise.all([
      this.oracle.isSubscribed(client, this.vendor),
      this.creditTrack.clientRisk(client),
    ]);
    return { subscribed, collateral: risk.collateral, cap: riskCap(risk) };
  }

  /** The volatile voucher checks and inserts; a rejection carries the client's credit for the 402 body. */
  private async acceptVouchers(state: ClientState, header: VoucherHeader, facts: ChainFacts): Promise<Session> {
    try {
      const accepted = await this.auth.accept(state, header, facts);
      return { client: header.client, voucher: accepted.authenticating, inserted: accepted.inserted, lastNonce: accepted.lastNonce };
    } catch (error) {
      // The rejection itself wrote nothing.
      if (error instanceof EngineError) throw error.withCredit(await this.creditTrack.snapshot(state, facts.cap));
      throw error;
    }
  }

  private async lockQuery(state: ClientState, client: Address, approxCost: bigint, cap: bigint): Promise<QueryDecision> {
    const credit = await this.creditTrack.snapshot(state, cap);
    // A client with nothing available gets no query, even one whose approximate cost is 0.
    if (credit.available <= 0n || approxCost > credit.available) {
      return { accepted: false, code: 'insufficient_credit', credit };
    }
    await state.costs.lock(approxCost);
    const query: Query = { id: crypto.randomUUID(), client, lockedCost: approxCost, startedAt: this.now() };
    return { accepted: true, query, credit: creditOf({ ...credit, locked: credit.locked + approxCost }, cap) };
  }

  private async cap(client: Address): Promise<bigint> {
    return riskCap(await this.creditTrack.clientRisk(client));
  }

  /** Takes an accepted query out of the open set, so it is settled or abandoned at most once. */
  private claim(query: Query): Query {
    const open = this.openQueries.get(query.id);
    if (open === undefined) throw new EngineFault('query_not_open', `query ${query.id} is not open: never accepted, or already settled`);
    this.openQueries.delete(query.id);
    return open;
  }

  /**
   * Takes `atoms` off what the client was charged (Σ spent vouchers + unmarked). When unmarked is
   * smaller, the newest spent vouchers are unspent until it covers the credit. What is left
   * unmarked is then below the first unspent voucher's atoms (it was below the last one unspent
   * before that voucher joined), as after any settlement, so nothing needs marking. The caller
   * credits at most what it charged, so enough has always been charged.
   */
  private async creditBack(state: ClientState, atoms: bigint): Promise<bigint[]> {
    const unspent: bigint[] = [];
    let unmarked = await state.costs.unmarked();
    while (unmarked < atoms) {
      const spent = await state.vouchers.lastSpent();
      if (spent === null) throw new EngineFault('credit_exceeds_charges', `a credit of ${atoms} atoms exceeds what ${state.client} was charged`);
      await state.vouchers.markUnspent(spent.nonce);
      await state.costs.add(spent.atoms);
      unmarked += spent.atoms;
      unspent.push(spent.nonce);
    }
    await state.costs.reduce(atoms);
    return unspent;
  }

  /**
   * Marks spent every voucher the unmarked cost fully covers, oldest first. The seed marked at
   * most one per settlement, so a large cost left covered vouchers counted as unspent credit.
   */
  private async markCovered(state: ClientState): Promise<bigint[]> {
    const spent: bigint[] = [];
    let unmarked = await state.costs.unmarked();
    for (let first = await state.vouchers.firstUnspent(); first !== null && unmarked >= first.atoms; ) {
      await state.vouchers.markSpent(first.nonce);
      await state.costs.reduce(first.atoms);
      unmarked -= first.atoms;
      spent.push(first.nonce);
      first = await state.vouchers.firstUnspent();
    }
    return spent;
  }
}
