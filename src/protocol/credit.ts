import type { FieldReader } from './codec';
import { MAX_UINT256 } from './voucher';

/**
 * A client's credit at one vendor, in atoms.
 * available = min(unspent − unmarked − locked, cap), never below zero.
 */
export interface CreditSnapshot {
  /** Sum of the atoms of the client's unspent vouchers. */
  unspent: bigint;
  /** Cost charged but not yet large enough to mark the first unspent voucher spent. */
  unmarked: bigint;
  /** Approximate cost reserved for queries in flight. */
  locked: bigint;
  /** Risk-adjusted collateral: collateral / (total subscriptions + expand risk). */
  cap: bigint;
  available: bigint;
}

/**
 * Added to a client's subscription count by default, for vendors it subscribed to that a vendor's
 * chain view does not show yet. Each vendor chooses its own; this is the engine's default.
 */
export const DEFAULT_EXPAND_RISK = 5n;

/**
 * The share of a client's collateral one vendor extends as credit: collateral / (total
 * subscriptions + expand risk), zero when nothing shares the collateral out. Every vendor a client
 * subscribes to trusts the same collateral, so each subscription lowers every vendor's share.
 */
export function riskCapOf(collateral: bigint, totalSubscriptions: bigint, expandRisk: bigint): bigint {
  const shares = totalSubscriptions + expandRisk;
  if (shares <= 0n || collateral <= 0n) return 0n;
  return collateral / shares;
}

export function creditToWire(credit: CreditSnapshot): Record<keyof CreditSnapshot, string> {
  return {
    unspent: credit.unspent.toString(),
    unmarked: credit.unmarked.toString(),
    locked: credit.locked.toString(),
    cap: credit.cap.toString(),
    available: credit.available.toString(),
  };
}

export function readCredit(read: FieldReader, value: unknown, field: string): CreditSnapshot {
  const at = read.at(field);
  const body = read.object(value, field);
  at.onlyKeys(body, ['unspent', 'unmarked', 'locked', 'cap', 'available'], 'self');
  return {
    unspent: at.uint(body.unspent, 'unspent', MAX_UINT256),
    unmarked: at.uint(body.unmarked, 'unmarked', MAX_UINT256),
    locked: at.uint(body.locked, 'locked', MAX_UINT256),
    cap: at.uint(body.cap, 'cap', MAX_UINT256),
    available: at.uint(body.available, 'available', MAX_UINT256),
  };
}
