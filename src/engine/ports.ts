import type { Address } from 'viem';
import type { SignedVoucher } from '../protocol';

/**
 * The engine's ports. All are async so a database can stand behind them. Implementations:
 * memory (src/engine/memory/) for tests, and SQL (PGlite or PostgreSQL, src/engine/sql/).
 */

export interface StoredVoucher extends SignedVoucher {
  spent: boolean;
}

/** One client's vouchers at this vendor, inside a ClientStore transaction. */
export interface VoucherTracker {
  /** The client's unspent vouchers, ascending by nonce. */
  unspentVouchers(): Promise<StoredVoucher[]>;
  /** The highest nonce held for the client, or null before its first voucher. */
  lastKnownNonce(): Promise<bigint | null>;
  /** The voucher held under a nonce, spent or not. */
  voucherAt(nonce: bigint): Promise<StoredVoucher | null>;
  /** Every voucher held for the client, spent or not, ascending by nonce (for inspection). */
  allVouchers(): Promise<StoredVoucher[]>;
  /** The unspent voucher with the lowest nonce. */
  firstUnspent(): Promise<StoredVoucher | null>;
  /** Sum of the atoms of the unspent vouchers. */
  unspentAtoms(): Promise<bigint>;
  /** Stores a new voucher; the caller has checked that its nonce is last known + 1. */
  insert(voucher: SignedVoucher): Promise<void>;
  markSpent(nonce: bigint): Promise<void>;
  /** The spent voucher with the highest nonce (spent vouchers are a prefix of the nonces), or null. */
  lastSpent(): Promise<StoredVoucher | null>;
  /** Makes a spent voucher unspent again: an answer charged in full was not delivered in full. */
  markUnspent(nonce: bigint): Promise<void>;
}

/**
 * One client's outstanding balance (the seed's obalance module): cost charged but not yet
 * covered by a spent voucher ("unmarked"), and cost reserved for queries in flight ("locked").
 */
export interface UnmarkedCostTracker {
  unmarked(): Promise<bigint>;
  locked(): Promise<bigint>;
  add(cost: bigint): Promise<void>;
  reduce(amount: bigint): Promise<void>;
  lock(amount: bigint): Promise<void>;
  unlock(amount: bigint): Promise<void>;
}

export interface ClientState {
  readonly client: Address;
  readonly vouchers: VoucherTracker;
  readonly costs: UnmarkedCostTracker;
}

/**
 * Serialises work on one client's state. `fn` runs with exclusive access to the client (an
 * in-process mutex in memory, a row lock in SQL); its writes commit together when it resolves
 * and are discarded when it throws. Different clients never wait on each other.
 */
export interface ClientStore {
  withClient<T>(client: Address, fn: (state: ClientState) => Promise<T>): Promise<T>;
}

/**
 * Spent vouchers across clients: the redeemer's input. A spent voucher was charged in full, and a
 * client's vouchers are spent in nonce order, so "above a per-client nonce" finds each new one. A
 * credit-back (Engine.creditUndelivered) may unspend the newest ones; one the redeemer already took
 * stays redeemed, and its atoms stay the client's credit.
 */
export interface SpentVoucherSource {
  /**
   * Spent vouchers ascending by (lower-case client, nonce): of a client in `above`, only those with
   * a higher nonce; of any other client, all. At most `limit`.
   */
  spentVouchersAbove(above: ReadonlyMap<string, bigint>, limit: number): Promise<StoredVoucher[]>;
}

/** What the chain says about a client. */
export interface ChainOracle {
  /** The client's collateral, in atoms. */
  collateral(client: Address): Promise<bigint>;
  isSubscribed(client: Address, vendor: Address): Promise<boolean>;
  /** How many vendors the client is subscribed to. */
  totalSubscriptions(client: Address): Promise<bigint>;
}
