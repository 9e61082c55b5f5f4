import type { Address, Hex } from 'viem';
import type { ClaimedVoucher } from './voucher-claims';

/**
 * The redeemer's durable record, in the vendor's database: every voucher it took from the engine,
 * and every transaction it signed. A voucher moves queued → submitted (under a transaction) →
 * mined, or back to queued when its transaction will never be mined, or to failed when the
 * contract refuses it. The signed transaction is recorded before it is broadcast, so after a crash
 * the redeemer can find or re-send it instead of redeeming anew.
 */
export interface VoucherKey {
  client: Address;
  nonce: bigint;
}

export interface Submission {
  txHash: Hex;
  /** The signed transaction, to send again after a crash. */
  rawTransaction: Hex;
  /** The vendor account's transaction nonce it uses: another mined transaction with it means this one never will be. */
  accountNonce: bigint;
  vouchers: VoucherKey[];
}

export interface MinedVoucher extends VoucherKey {
  /** Atoms the contract paid; 0 for a voucher it had redeemed before. */
  paid: bigint;
}

/** Atoms per client, for the vendor's admin view. */
export interface ClientRedemptionTotals {
  client: Address;
  /** Paid by mined redemptions. */
  redeemed: bigint;
  /** Claimed by vouchers queued or in a transaction not yet mined. */
  pending: bigint;
  /** Claimed by vouchers the contract refuses. */
  failed: bigint;
}

export interface RedemptionStore {
  /** The highest nonce recorded per client (lower-case): the redeemer asks the engine only for vouchers above it. */
  floors(): Promise<Map<string, bigint>>;
  /** Records vouchers to redeem, atomically; one recorded before is left as it is. */
  enqueue(claims: readonly ClaimedVoucher[]): Promise<void>;
  /** Queued vouchers ascending by (client, nonce), at most `limit`. */
  queued(limit: number): Promise<ClaimedVoucher[]>;
  /** Marks the vouchers submitted under the transaction and stores it; call before broadcasting. */
  recordSubmission(submission: Submission): Promise<void>;
  /** Submissions neither mined nor dropped. */
  openSubmissions(): Promise<Submission[]>;
  /** The transaction was mined; `paid` covers each of its vouchers. */
  recordMined(txHash: Hex, paid: readonly MinedVoucher[]): Promise<void>;
  /** The transaction will never be mined (replaced, or reverted): its vouchers are queued again. */
  recordDropped(txHash: Hex): Promise<void>;
  /** The contract refuses this voucher; it is not submitted again. */
  recordFailed(voucher: VoucherKey, reason: string): Promise<void>;
  totals(): Promise<ClientRedemptionTotals[]>;
}

export function voucherKeyId(key: VoucherKey): string {
  return `${key.client.toLowerCase()}:${key.nonce}`;
}
