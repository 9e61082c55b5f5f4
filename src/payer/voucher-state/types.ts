import type { Hex } from 'viem';
import type { Asset, CreditSnapshot, Prices, RoutePrices } from '../../protocol';
import type { VendorKey } from '../vendor-key';

/**
 * A voucher the client committed to. `signature` is absent only between reserving the nonce and
 * storing the signature; an entry found in that state after a crash is signed again with the same
 * content (EIP-712 signatures from a local key are deterministic, RFC 6979), never changed.
 */
export interface VoucherEntry {
  nonce: bigint;
  atoms: bigint;
  signature?: Hex;
  /** ms since the epoch. */
  reservedAt: number;
}

/** Atoms charged by receipts in one minute, for spending charts. */
export interface SpendPoint {
  /** Start of the minute, ms since the epoch. */
  minute: number;
  costAtoms: bigint;
  receipts: number;
}

export interface Budget {
  /** The most atoms the user allows to be signed over to this vendor in total. */
  limitAtoms: bigint;
  /** Atoms of every voucher signed (or reserved) so far. */
  spentAtoms: bigint;
}

export interface VendorVoucherState {
  /** vendorKeyId(key). */
  id: string;
  key: VendorKey;
  /** The nonce the next new voucher gets (unless the vendor asks for a higher one). */
  nextNonce: bigint;
  /** Every voucher reserved or signed, ascending by nonce. */
  vouchers: VoucherEntry[];
  /** The highest nonce the vendor acknowledged (receipt.lastNonce), null before any receipt. */
  ackedNonce: bigint | null;
  budget: Budget;
  /** Cap on a single voucher's atoms. */
  maxVoucherAtoms: bigint;
  lastCredit?: CreditSnapshot;
  lastReceiptAt?: number;
  /** The prices and asset of the vendor's latest 402, to check receipts and value costs. */
  prices?: RoutePrices;
  asset?: Asset;
  /**
   * The rates the user agreed to (the approval's, or the first seen by a Node client): a 402
   * asking more stops signing for this vendor until they are approved again. Absent in states
   * stored before approvals carried prices: `prices` stands for them.
   */
  approvedPrices?: Prices;
  /** Atoms the vendor charged by the receipts counted (each once); absent in older states: 0. */
  chargedAtoms?: bigint;
  /** Why signing stopped for this vendor until the user decides; absent while it signs. */
  hold?: VendorHold;
  series: SpendPoint[];
}

/** Signing is stopped for a vendor: it asked more than approved, or a receipt overcharged. */
export type VendorHold =
  | { reason: 'prices_raised'; approved: Prices; offered: RoutePrices; at: number }
  | { reason: 'overcharge_suspected'; at: number };

export interface VendorLimits {
  limitAtoms: bigint;
  maxVoucherAtoms: bigint;
}

export interface ReserveRequest {
  /** The lowest nonce acceptable (the vendor's nextNonce); the state's nextNonce wins when higher. */
  minNonce: bigint;
  /** Atoms the issuer would like; lowered to what the budget has left. */
  atomsWanted: bigint;
  /** Below this the voucher is useless (the route's approximate cost): refuse instead. */
  atomsMin: bigint;
  now: number;
}

export type ReserveResult =
  /** A new reservation; the budget is debited. */
  | { kind: 'reserved'; entry: VoucherEntry }
  /** An earlier reservation was never signed: sign that one (same content) before anything new. */
  | { kind: 'unsigned'; entry: VoucherEntry }
  | { kind: 'budget_exhausted'; leftAtoms: bigint };

/** One receipt, or several counted at once: the highest lastNonce, the latest credit, the summed cost. */
export interface ReceiptUpdate {
  lastNonce: bigint;
  credit: CreditSnapshot;
  cost: bigint;
  at: number;
  /** How many receipts this update counts; default 1. 0: only the nonce and credit are news. */
  receipts?: number;
  /** Stops signing in the same step (a receipt overcharged), unless a hold is already in place. */
  hold?: VendorHold;
}

/** Vouchers a vendor showed it holds for us (nonce_conflict, §5.1), already verified as ours. */
export interface Adoption {
  vouchers: readonly { nonce: bigint; atoms: bigint; signature: Hex }[];
  /** The vendor holds every nonce below this (and the chain's redeemed floor is not above it). */
  nextNonce: bigint;
  now: number;
  /**
   * What the vendor says is still unspent of the vouchers it holds: the rest counts as charged, as
   * the receipts the lost state had seen would have said (the signing bound, chargedAtoms).
   */
  unspentAtoms?: bigint;
}

/**
 * Persistent voucher state, one record per VendorKey. Every method is one atomic step: reserve
 * checks the budget, debits it and takes the nonce in one transaction, so two parallel issues can
 * never both spend the last atoms, whatever the caller's locking.
 */
export interface VoucherStateStore {
  get(key: VendorKey): Promise<VendorVoucherState | null>;
  /** Creates the vendor's state with these limits when it does not exist; returns the state. */
  ensure(key: VendorKey, limits: VendorLimits): Promise<VendorVoucherState>;
  /** Changes the limits of an existing vendor (the user edits a budget). */
  setLimits(key: VendorKey, limits: Partial<VendorLimits>): Promise<VendorVoucherState>;
  /** Remembers the vendor's latest advertised prices and asset. */
  setTerms(key: VendorKey, terms: { prices: RoutePrices; asset: Asset }): Promise<void>;
  /** The user agreed to these terms: they become the latest and the approved ones, and any hold ends. */
  approveTerms(key: VendorKey, terms: { prices: RoutePrices; asset: Asset }): Promise<void>;
  /** Stops signing for the vendor (hold) or resumes it (null). */
  setHold(key: VendorKey, hold: VendorHold | null): Promise<void>;
  reserve(key: VendorKey, request: ReserveRequest): Promise<ReserveResult>;
  /** Stores the signature of a reserved entry; refuses a different signature for a signed nonce. */
  storeSignature(key: VendorKey, nonce: bigint, signature: Hex): Promise<void>;
  recordReceipt(key: VendorKey, update: ReceiptUpdate): Promise<VendorVoucherState>;
  /** Takes the vendor's vouchers in as ours (adoptIn): a payer that lost its state continues after them. */
  adopt(key: VendorKey, adoption: Adoption): Promise<VendorVoucherState>;
  list(): Promise<VendorVoucherState[]>;
}
