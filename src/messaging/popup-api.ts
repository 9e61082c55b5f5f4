import type { Address } from 'viem';
import type { Asset, CreditSnapshot, Prices, RoutePrices } from '../protocol';
import type { ChainPopupApi } from './chain-api';

/**
 * Requests an extension page (popup, approval window) sends to the service worker.
 * The map is the single declaration; the worker validates every input at run time and
 * refuses all of these from any sender that is not an extension page.
 */

export type WalletState = 'uninitialized' | 'locked' | 'unlocked';

export interface WalletStatus {
  state: WalletState;
  address?: Address;
  paused: boolean;
  autoLockMinutes: number;
  /** ms since the epoch when the wallet locks itself if nothing happens, while unlocked. */
  lockDeadline?: number;
  pendingApprovals: number;
}

/** One vendor the user has approved, with its budget and what the wallet has signed for it. */
export interface VendorSummary {
  /** Stable id of (client, vendor, chainId, verifyingContract). */
  vendorKey: string;
  vendor: Address;
  /** Origin the vendor serves from, e.g. http://127.0.0.1:8402 */
  vendorOrigin: string;
  chainId: bigint;
  verifyingContract: Address;
  asset: Asset;
  prices?: RoutePrices;
  /** Page origins allowed to pay this vendor. */
  approvedOrigins: string[];
  budgetAtoms: bigint;
  spentAtoms: bigint;
  maxVoucherAtoms: bigint;
  vouchersSigned: number;
  lastNonce?: bigint;
  lastCredit?: CreditSnapshot;
  lastReceiptAt?: number;
  /** Cumulative atoms signed over time, for a small chart. */
  spending: { at: number; atoms: bigint }[];
  /** Atoms the vendor's receipts charged, in total. */
  chargedAtoms: bigint;
  overchargeSuspected: boolean;
  /** Signing is stopped for this vendor until the user resumes it (vendors.resume) or revokes it. */
  hold?: VendorHoldSummary;
}

export type VendorHoldSummary =
  | { reason: 'prices_raised'; approved: Prices; offered: RoutePrices; at: number }
  | { reason: 'overcharge_suspected'; at: number };

/** A vendor the user declined (or whose approval window was closed) for some pages. */
export interface RejectedVendor {
  vendorKey: string;
  vendor: Address;
  vendorOrigin: string;
  /** Pages whose requests to this vendor get its 402 without asking, until undone. */
  rejectedOrigins: string[];
}

/** A first 402 from an unknown vendor, waiting for the user. */
export interface PendingApproval {
  id: string;
  /** The page that asked, from the browser's sender record. */
  pageOrigin: string;
  vendorOrigin: string;
  vendor: Address;
  chainId: bigint;
  verifyingContract: Address;
  /** The wallet's own asset for the vendor's chain and contract, never the one the 402 names (raw atoms when unknownAsset). */
  asset: Asset;
  /**
   * The wallet knows no asset for the vendor's chain and contract: the page was refused with
   * unknown_asset, and the window only says so; it can be closed (a rejection), not approved.
   */
  unknownAsset?: true;
  prices: RoutePrices;
  /** The rates approved before, when this asks again because the vendor raised them. */
  previousPrices?: Prices;
  /** What the vendor suggests a voucher be; shown, never proposed above the wallet's defaults. */
  suggestedVoucherAtoms: bigint;
  proposedBudgetAtoms: bigint;
  proposedVoucherAtoms: bigint;
  createdAt: number;
}

export interface PopupApi extends ChainPopupApi {
  'wallet.status': { input: Record<string, never>; output: WalletStatus };
  /**
   * Makes a key from a new recovery phrase and returns the phrase, once; the wallet is saved only
   * when `wallet.confirmPhrase` brings back its words at `confirm` (0-based positions).
   */
  'wallet.create': { input: { password: string }; output: { address: Address; phrase: string; confirm: number[] } };
  /** The creation still waiting for its phrase (after a closed popup), to resume with the same phrase. */
  'wallet.pendingCreation': {
    input: Record<string, never>;
    output: { pending?: { address: Address; phrase: string; confirm: number[] } };
  };
  /** `address` is wallet.create's: it names the creation the words are for. */
  'wallet.confirmPhrase': { input: { address: Address; words: string[] }; output: { address: Address } };
  'wallet.import': {
    input: { privateKey: string; password: string } | { phrase: string; password: string };
    output: { address: Address };
  };
  'wallet.unlock': { input: { password: string }; output: { address: Address } };
  'wallet.lock': { input: Record<string, never>; output: Record<string, never> };
  /** The phrase too when the wallet was created from or imported as one. */
  'wallet.exportKey': { input: { password: string }; output: { privateKey: string; phrase?: string } };
  'wallet.setAutoLock': { input: { minutes: number }; output: Record<string, never> };
  'wallet.setPaused': { input: { paused: boolean }; output: Record<string, never> };
  'vendors.list': { input: Record<string, never>; output: VendorSummary[] };
  'vendors.setBudget': {
    input: { vendorKey: string; budgetAtoms: bigint; maxVoucherAtoms: bigint };
    output: VendorSummary;
  };
  /** Without origin: forget the vendor's approval for every page. With one: also undoes a rejection for that page. */
  'vendors.revoke': { input: { vendorKey: string; origin?: string }; output: Record<string, never> };
  /** Ends a hold: signs for the vendor again (raised prices: accepting them). */
  'vendors.resume': { input: { vendorKey: string }; output: VendorSummary };
  'vendors.rejected': { input: Record<string, never>; output: RejectedVendor[] };
  'approvals.list': { input: Record<string, never>; output: PendingApproval[] };
  'approvals.decide': {
    input:
      | { id: string; approve: true; budgetAtoms: bigint; maxVoucherAtoms: bigint }
      | { id: string; approve: false };
    output: Record<string, never>;
  };
}

export type PopupRequestType = keyof PopupApi;
export type PopupInput<T extends PopupRequestType> = PopupApi[T]['input'];
export type PopupOutput<T extends PopupRequestType> = PopupApi[T]['output'];

/** What travels (after toWire) from an extension page to the worker. */
export interface PopupEnvelope<T extends PopupRequestType = PopupRequestType> {
  channel: 'popup';
  type: T;
  input: PopupInput<T>;
}

/** Worker → extension pages notifications (runtime.sendMessage broadcast; may have no listener). */
export type WorkerNotice =
  | { channel: 'notice'; type: 'wallet.changed'; status: WalletStatus }
  | { channel: 'notice'; type: 'approvals.changed'; pending: number }
  | { channel: 'notice'; type: 'vendors.changed' }
  /** A chain transaction changed status, or the network settings changed. */
  | { channel: 'notice'; type: 'chain.changed' };
