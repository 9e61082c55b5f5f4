import type { SignedVoucher } from '../../protocol';
import type { StoredVoucher, VoucherTracker } from '../ports';
import type { MemoryClientRecord } from './client-record';

/**
 * A VoucherTracker over one client's committed record plus this transaction's pending writes.
 * Writes stay here until `commitTo`, so a transaction that throws leaves the record untouched.
 */
export class MemoryVoucherTransaction implements VoucherTracker {
  private readonly added: StoredVoucher[] = [];
  private readonly spentNow = new Set<number>();
  /** Spent vouchers made unspent again by this transaction (a credit-back). */
  private readonly unspentNow = new Set<number>();
  private unspentDelta = 0n;

  constructor(
    private readonly base: MemoryClientRecord,
    private readonly assertOpen: () => void,
  ) {}

  get dirty(): boolean {
    return this.added.length > 0 || this.spentNow.size > 0 || this.unspentNow.size > 0;
  }

  async unspentVouchers(): Promise<StoredVoucher[]> {
    this.assertOpen();
    const unspent: StoredVoucher[] = [];
    for (let index = this.scanStart(); index < this.count; index++) {
      const voucher = this.at(index);
      if (!voucher.spent) unspent.push(voucher);
    }
    return unspent;
  }

  async lastKnownNonce(): Promise<bigint | null> {
    this.assertOpen();
    return this.count === 0 ? null : BigInt(this.count - 1);
  }

  async voucherAt(nonce: bigint): Promise<StoredVoucher | null> {
    this.assertOpen();
    return nonce < 0n || nonce >= BigInt(this.count) ? null : this.at(Number(nonce));
  }

  async allVouchers(): Promise<StoredVoucher[]> {
    this.assertOpen();
    return Array.from({ length: this.count }, (_, index) => this.at(index));
  }

  async firstUnspent(): Promise<StoredVoucher | null> {
    this.assertOpen();
    for (let index = this.scanStart(); index < this.count; index++) {
      const voucher = this.at(index);
      if (!voucher.spent) return voucher;
    }
    return null;
  }

  async lastSpent(): Promise<StoredVoucher | null> {
    this.assertOpen();
    // Spent vouchers are a prefix: the last one is just below the first unspent.
    const first = await this.firstUnspent();
    const index = first === null ? this.count - 1 : Number(first.nonce) - 1;
    return index >= 0 ? this.at(index) : null;
  }

  async markUnspent(nonce: bigint): Promise<void> {
    this.assertOpen();
    const voucher = await this.voucherAt(nonce);
    if (voucher === null) throw new RangeError(`no voucher under nonce ${nonce}`);
    if (!voucher.spent) throw new RangeError(`voucher ${nonce} is not spent`);
    const index = Number(nonce);
    if (this.spentNow.has(index)) this.spentNow.delete(index);
    else this.unspentNow.add(index);
    this.unspentDelta += voucher.atoms;
  }

  async unspentAtoms(): Promise<bigint> {
    this.assertOpen();
    return this.base.unspentAtoms + this.unspentDelta;
  }

  async insert(voucher: SignedVoucher): Promise<void> {
    this.assertOpen();
    // The engine checks the sequence; checking again here turns an engine bug into an error, not a hole.
    if (voucher.nonce !== BigInt(this.count)) {
      throw new RangeError(`voucher nonce ${voucher.nonce} does not follow ${this.count - 1}`);
    }
    const { client, vendor, nonce, atoms, chainId, verifyingContract, signature } = voucher;
    this.added.push({ client, vendor, nonce, atoms, chainId, verifyingContract, signature, spent: false });
    this.unspentDelta += atoms;
  }

  async markSpent(nonce: bigint): Promise<void> {
    this.assertOpen();
    const voucher = await this.voucherAt(nonce);
    if (voucher === null) throw new RangeError(`no voucher under nonce ${nonce}`);
    if (voucher.spent) throw new RangeError(`voucher ${nonce} is already spent`);
    const index = Number(nonce);
    if (this.unspentNow.has(index)) this.unspentNow.delete(index);
    else this.spentNow.add(index);
    this.unspentDelta -= voucher.atoms;
  }

  commitTo(record: MemoryClientRecord): void {
    const { vouchers } = record;
    vouchers.push(...this.added);
    for (const index of this.spentNow) vouchers[index] = { ...vouchers[index]!, spent: true };
    for (const index of this.unspentNow) {
      vouchers[index] = { ...vouchers[index]!, spent: false };
      if (index < record.firstUnspentIndex) record.firstUnspentIndex = index;
    }
    record.unspentAtoms += this.unspentDelta;
    while (record.firstUnspentIndex < vouchers.length && vouchers[record.firstUnspentIndex]!.spent) {
      record.firstUnspentIndex++;
    }
  }

  /** Where scans for unspent vouchers start: below the committed first unspent one if this transaction unspent one. */
  private scanStart(): number {
    let start = this.base.firstUnspentIndex;
    for (const index of this.unspentNow) if (index < start) start = index;
    return start;
  }

  private get count(): number {
    return this.base.vouchers.length + this.added.length;
  }

  private at(index: number): StoredVoucher {
    const baseLength = this.base.vouchers.length;
    const voucher = index < baseLength ? this.base.vouchers[index]! : this.added[index - baseLength]!;
    if (this.spentNow.has(index) && !voucher.spent) return { ...voucher, spent: true };
    if (this.unspentNow.has(index) && voucher.spent) return { ...voucher, spent: false };
    return voucher;
  }
}
