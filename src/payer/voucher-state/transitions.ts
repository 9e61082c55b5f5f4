import type { Hex } from 'viem';
import type { Asset, RoutePrices } from '../../protocol';
import { vendorKeyId, type VendorKey } from '../vendor-key';
import type {
  Adoption,
  ReceiptUpdate,
  ReserveRequest,
  ReserveResult,
  VendorHold,
  VendorLimits,
  VendorVoucherState,
} from './types';

/**
 * The state changes of a vendor's voucher state as pure functions, so the memory and IndexedDB
 * stores apply exactly the same rules inside their own atomic read-modify-write.
 */

/** A day of one-minute buckets. */
export const MAX_SERIES_POINTS = 1440;
const MINUTE_MS = 60_000;

export function newVendorState(key: VendorKey, limits: VendorLimits): VendorVoucherState {
  return {
    id: vendorKeyId(key),
    key,
    nextNonce: 0n,
    vouchers: [],
    ackedNonce: null,
    budget: { limitAtoms: limits.limitAtoms, spentAtoms: 0n },
    maxVoucherAtoms: limits.maxVoucherAtoms,
    series: [],
  };
}

export function reserveIn(
  state: VendorVoucherState,
  request: ReserveRequest,
): { state: VendorVoucherState; result: ReserveResult } {
  const unsigned = state.vouchers.find((entry) => entry.signature === undefined);
  if (unsigned) return { state, result: { kind: 'unsigned', entry: unsigned } };
  const leftAtoms = state.budget.limitAtoms - state.budget.spentAtoms;
  const atoms = request.atomsWanted < leftAtoms ? request.atomsWanted : leftAtoms;
  if (atoms <= 0n || atoms < request.atomsMin) {
    return { state, result: { kind: 'budget_exhausted', leftAtoms: leftAtoms > 0n ? leftAtoms : 0n } };
  }
  const nonce = request.minNonce > state.nextNonce ? request.minNonce : state.nextNonce;
  const entry = { nonce, atoms, reservedAt: request.now };
  return {
    state: {
      ...state,
      nextNonce: nonce + 1n,
      vouchers: [...state.vouchers, entry],
      budget: { ...state.budget, spentAtoms: state.budget.spentAtoms + atoms },
    },
    result: { kind: 'reserved', entry },
  };
}

export function storeSignatureIn(state: VendorVoucherState, nonce: bigint, signature: Hex): VendorVoucherState {
  const index = state.vouchers.findIndex((entry) => entry.nonce === nonce);
  const entry = state.vouchers[index];
  if (!entry) throw new RangeError(`no voucher is reserved under nonce ${nonce}`);
  if (entry.signature !== undefined) {
    if (entry.signature.toLowerCase() === signature.toLowerCase()) return state;
    throw new RangeError(`nonce ${nonce} is already signed with another signature`);
  }
  const vouchers = [...state.vouchers];
  vouchers[index] = { ...entry, signature };
  return { ...state, vouchers };
}

/** The highest signed nonce, or null before the first signature. */
export function newestSignedNonce(state: VendorVoucherState): bigint | null {
  for (let index = state.vouchers.length - 1; index >= 0; index--) {
    const entry = state.vouchers[index]!;
    if (entry.signature !== undefined) return entry.nonce;
  }
  return null;
}

export function recordReceiptIn(state: VendorVoucherState, update: ReceiptUpdate): VendorVoucherState {
  // A vendor cannot acknowledge a voucher we never signed: clamp, so a bogus lastNonce cannot make
  // us stop sending vouchers the vendor really lacks.
  const newest = newestSignedNonce(state);
  let acked = state.ackedNonce;
  if (newest !== null) {
    const claimed = update.lastNonce < newest ? update.lastNonce : newest;
    if (acked === null || claimed > acked) acked = claimed;
  }
  const next: VendorVoucherState = {
    ...state,
    ackedNonce: acked,
    lastCredit: update.credit,
    lastReceiptAt: update.at,
    // An update of receipts counted before (resent) refreshes the credit but adds nothing.
    series: (update.receipts ?? 1) > 0 ? addToSeries(state.series, update.at, update.cost, update.receipts ?? 1) : state.series,
    // The series keeps its newest points only; the total is kept whole, each receipt counted once.
    chargedAtoms: (state.chargedAtoms ?? 0n) + ((update.receipts ?? 1) > 0 ? update.cost : 0n),
  };
  if (update.hold && !state.hold) next.hold = update.hold;
  return next;
}

function addToSeries(
  series: VendorVoucherState['series'],
  at: number,
  cost: bigint,
  receipts: number,
): VendorVoucherState['series'] {
  const minute = Math.floor(at / MINUTE_MS) * MINUTE_MS;
  const last = series[series.length - 1];
  // A receipt that arrives after the minute rolled over counts in the newest bucket, keeping the
  // series ascending.
  if (last && minute <= last.minute) {
    return [...series.slice(0, -1), { minute: last.minute, costAtoms: last.costAtoms + cost, receipts: last.receipts + receipts }];
  }
  const next = [...series, { minute, costAtoms: cost, receipts }];
  return next.length > MAX_SERIES_POINTS ? next.slice(next.length - MAX_SERIES_POINTS) : next;
}

/**
 * The state after a payer that lost its own learnt what the vendor holds (§5.1). Each held voucher
 * becomes ours under its nonce; one of ours that differs (the voucher signed after the loss, or a
 * reservation never signed) gives way, and the budget counts what that nonce can now cost: the
 * contract pays a nonce once, so the larger of the two. A reservation left unsigned below the
 * vendor's next nonce is dropped (its atoms stay counted): signing it would put a second content
 * under a nonce the vendor already holds. Everything below `nextNonce` is acknowledged, and no
 * nonce below it is signed again.
 */
export function adoptIn(state: VendorVoucherState, adoption: Adoption): VendorVoucherState {
  const byNonce = new Map(state.vouchers.map((entry) => [entry.nonce, entry]));
  let spentAtoms = state.budget.spentAtoms;
  for (const held of adoption.vouchers) {
    const own = byNonce.get(held.nonce);
    if (own?.signature?.toLowerCase() === held.signature.toLowerCase() && own.atoms === held.atoms) continue;
    spentAtoms += own === undefined ? held.atoms : held.atoms > own.atoms ? held.atoms - own.atoms : 0n;
    byNonce.set(held.nonce, { nonce: held.nonce, atoms: held.atoms, signature: held.signature, reservedAt: adoption.now });
  }
  const adopted = new Set(adoption.vouchers.map((held) => held.nonce));
  const vouchers = [...byNonce.values()]
    .filter((entry) => entry.signature !== undefined || entry.nonce >= adoption.nextNonce || adopted.has(entry.nonce))
    .sort((a, b) => (a.nonce < b.nonce ? -1 : a.nonce > b.nonce ? 1 : 0));
  const heldBelow = adoption.nextNonce - 1n;
  return {
    ...state,
    vouchers,
    nextNonce: state.nextNonce > adoption.nextNonce ? state.nextNonce : adoption.nextNonce,
    ackedNonce: heldBelow < 0n ? state.ackedNonce : state.ackedNonce !== null && state.ackedNonce > heldBelow ? state.ackedNonce : heldBelow,
    budget: { ...state.budget, spentAtoms },
    ...chargedAfterAdoption(state, spentAtoms, adoption.unspentAtoms),
  };
}

/** An adoption's charged total: what was signed less what the vendor says is unspent, never lower than before. */
function chargedAfterAdoption(state: VendorVoucherState, spentAtoms: bigint, unspent: bigint | undefined): { chargedAtoms?: bigint } {
  if (unspent === undefined) return state.chargedAtoms === undefined ? {} : { chargedAtoms: state.chargedAtoms };
  const used = spentAtoms > unspent ? spentAtoms - unspent : 0n;
  const before = state.chargedAtoms ?? 0n;
  return { chargedAtoms: used > before ? used : before };
}

/** The state with new limits; a limit left out stays as it was. */
export function withLimitsIn(state: VendorVoucherState, limits: Partial<VendorLimits>): VendorVoucherState {
  return {
    ...state,
    budget: { ...state.budget, limitAtoms: limits.limitAtoms ?? state.budget.limitAtoms },
    maxVoucherAtoms: limits.maxVoucherAtoms ?? state.maxVoucherAtoms,
  };
}

/** The state with the vendor's advertised prices and asset. */
export function withTermsIn(state: VendorVoucherState, terms: { prices: RoutePrices; asset: Asset }): VendorVoucherState {
  return { ...state, prices: terms.prices, asset: terms.asset };
}

/** The state with terms the user agreed to: latest and approved prices, no hold. */
export function withApprovedTermsIn(state: VendorVoucherState, terms: { prices: RoutePrices; asset: Asset }): VendorVoucherState {
  const { hold: _ended, ...rest } = state;
  const { atomsPerHour, atomsPerGB } = terms.prices;
  return { ...rest, prices: terms.prices, asset: terms.asset, approvedPrices: { atomsPerHour, atomsPerGB } };
}

/** The state with signing stopped (a hold) or resumed (null). */
export function withHoldIn(state: VendorVoucherState, hold: VendorHold | null): VendorVoucherState {
  const { hold: _previous, ...rest } = state;
  return hold ? { ...rest, hold } : rest;
}
