import type { Hex } from 'viem';
import type { Asset, CreditSnapshot, RoutePrices } from '../../protocol';
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
  series: SpendPoint[];
  /** Atoms every receipt charged, in total (absent in states from before it was kept: 0). */
  chargedAtoms?: bigint;
}

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
  reserve(key: VendorKey, request: ReserveRequest): Promise<ReserveResult>;
  /** Stores the signature of a reserved entry; refuses a different signature for a signed nonce. */
  storeSignature(key: VendorKey, nonce: bigint, signature: Hex): Promise<void>;
  recordReceipt(key: VendorKey, update: ReceiptUpdate): Promise<VendorVoucherState>;
  list(): Promise<VendorVoucherState[]>;
}
