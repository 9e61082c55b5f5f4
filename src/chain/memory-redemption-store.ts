import { getAddress, type Hex } from 'viem';
import type { ClientRedemptionTotals, MinedVoucher, RedemptionStore, Submission, VoucherKey } from './redemption-store';
import { voucherKeyId } from './redemption-store';
import type { ClaimedVoucher } from './voucher-claims';

type Status = 'queued' | 'submitted' | 'mined' | 'failed';

interface Entry {
  claimed: ClaimedVoucher;
  status: Status;
  txHash: Hex | null;
  paid: bigint;
  failure: string | null;
}

/** RedemptionStore in memory, for tests and the quick demo; a restart forgets it (use the SQL store to survive one). */
export class MemoryRedemptionStore implements RedemptionStore {
  private readonly entries = new Map<string, Entry>();
  private readonly submissions = new Map<Hex, { submission: Submission; open: boolean }>();

  async floors(): Promise<Map<string, bigint>> {
    const floors = new Map<string, bigint>();
    for (const { claimed } of this.entries.values()) {
      const client = claimed.voucher.client.toLowerCase();
      const floor = floors.get(client);
      if (floor === undefined || claimed.voucher.nonce > floor) floors.set(client, claimed.voucher.nonce);
    }
    return floors;
  }

  async enqueue(claims: readonly ClaimedVoucher[]): Promise<void> {
    for (const claimed of claims) {
      const id = voucherKeyId(claimed.voucher);
      if (!this.entries.has(id)) this.entries.set(id, { claimed: { voucher: { ...claimed.voucher }, claim: claimed.claim }, status: 'queued', txHash: null, paid: 0n, failure: null });
    }
  }

  async queued(limit: number): Promise<ClaimedVoucher[]> {
    return [...this.entries.entries()]
      .filter(([, entry]) => entry.status === 'queued')
      .sort(([a], [b]) => compareIds(a, b))
      .slice(0, limit)
      .map(([, entry]) => ({ voucher: { ...entry.claimed.voucher }, claim: entry.claimed.claim }));
  }

  async recordSubmission(submission: Submission): Promise<void> {
    const entries = submission.vouchers.map((key) => this.entry(key));
    if (entries.some((entry) => entry.status !== 'queued')) throw new Error(`transaction ${submission.txHash} names a voucher that is not queued`);
    for (const entry of entries) {
      entry.status = 'submitted';
      entry.txHash = submission.txHash;
    }
    this.submissions.set(submission.txHash, { submission: { ...submission, vouchers: [...submission.vouchers] }, open: true });
  }

  async openSubmissions(): Promise<Submission[]> {
    return [...this.submissions.values()].filter((each) => each.open).map((each) => ({ ...each.submission, vouchers: [...each.submission.vouchers] }));
  }

  async recordMined(txHash: Hex, paid: readonly MinedVoucher[]): Promise<void> {
    const record = this.openSubmission(txHash);
    for (const each of paid) {
      const entry = this.entry(each);
      if (entry.txHash !== txHash) throw new Error(`voucher ${voucherKeyId(each)} is not in transaction ${txHash}`);
      entry.status = 'mined';
      entry.paid = each.paid;
    }
    record.open = false;
  }

  async recordDropped(txHash: Hex): Promise<void> {
    const record = this.openSubmission(txHash);
    for (const key of record.submission.vouchers) {
      const entry = this.entry(key);
      entry.status = 'queued';
      entry.txHash = null;
    }
    record.open = false;
  }

  async recordFailed(voucher: VoucherKey, reason: string): Promise<void> {
    const entry = this.entry(voucher);
    if (entry.status !== 'queued') throw new Error(`voucher ${voucherKeyId(voucher)} is ${entry.status}, not queued`);
    entry.status = 'failed';
    entry.failure = reason;
  }

  async totals(): Promise<ClientRedemptionTotals[]> {
    const byClient = new Map<string, ClientRedemptionTotals>();
    for (const entry of this.entries.values()) {
      const client = getAddress(entry.claimed.voucher.client);
      const totals = byClient.get(client.toLowerCase()) ?? { client, redeemed: 0n, pending: 0n, failed: 0n };
      if (entry.status === 'mined') totals.redeemed += entry.paid;
      else if (entry.status === 'failed') totals.failed += entry.claimed.claim;
      else totals.pending += entry.claimed.claim;
      byClient.set(client.toLowerCase(), totals);
    }
    return [...byClient.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, totals]) => totals);
  }

  private entry(key: VoucherKey): Entry {
    const entry = this.entries.get(voucherKeyId(key));
    if (!entry) throw new Error(`voucher ${voucherKeyId(key)} was never queued`);
    return entry;
  }

  private openSubmission(txHash: Hex): { submission: Submission; open: boolean } {
    const record = this.submissions.get(txHash);
    if (!record?.open) throw new Error(`transaction ${txHash} is not an open submission`);
    return record;
  }
}

/** (client, nonce) order, the nonce compared as a number. */
function compareIds(a: string, b: string): number {
  const [clientA, nonceA] = a.split(':') as [string, string];
  const [clientB, nonceB] = b.split(':') as [string, string];
  if (clientA !== clientB) return clientA < clientB ? -1 : 1;
  const difference = BigInt(nonceA) - BigInt(nonceB);
  return difference < 0n ? -1 : difference > 0n ? 1 : 0;
}
