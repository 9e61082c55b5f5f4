import type { SignedVoucher } from '../../protocol';
import type { StoredVoucher, VoucherTracker } from '../ports';
import type { SqlClientTransaction } from './sql-client-transaction';

/**
 * One client's vouchers inside its SQL transaction. The engine's reads are answered from the
 * working set the transaction loaded with the row lock (unspent vouchers and the newest one);
 * only a voucher outside it (an old, spent one) or the full history costs a query. Copies are
 * returned so a caller cannot change the working set.
 */
export class SqlVoucherTracker implements VoucherTracker {
  constructor(private readonly txn: SqlClientTransaction) {}

  private working(): StoredVoucher[] {
    this.txn.assertOpen();
    return this.txn.working;
  }

  async unspentVouchers(): Promise<StoredVoucher[]> {
    return this.working()
      .filter((voucher) => !voucher.spent)
      .map((voucher) => ({ ...voucher }));
  }

  allVouchers(): Promise<StoredVoucher[]> {
    return this.txn.allVouchers();
  }

  async voucherAt(nonce: bigint): Promise<StoredVoucher | null> {
    const held = this.working().find((voucher) => voucher.nonce === nonce);
    if (held) return { ...held };
    return this.txn.voucherAt(nonce);
  }

  async firstUnspent(): Promise<StoredVoucher | null> {
    const first = this.working().find((voucher) => !voucher.spent);
    return first ? { ...first } : null;
  }

  async lastKnownNonce(): Promise<bigint | null> {
    return this.working().at(-1)?.nonce ?? null;
  }

  async unspentAtoms(): Promise<bigint> {
    return this.working().reduce((sum, voucher) => (voucher.spent ? sum : sum + voucher.atoms), 0n);
  }

  async insert(voucher: SignedVoucher): Promise<void> {
    this.txn.addVoucher(voucher);
  }

  async markSpent(nonce: bigint): Promise<void> {
    this.txn.markSpent(nonce);
  }

  async lastSpent(): Promise<StoredVoucher | null> {
    const newest = this.working().at(-1);
    if (newest?.spent) return { ...newest };
    return this.txn.lastSpentBelowWorkingSet();
  }

  async markUnspent(nonce: bigint): Promise<void> {
    const voucher = await this.voucherAt(nonce);
    if (voucher === null || !voucher.spent) throw new RangeError(`voucher ${nonce} is not a spent voucher`);
    this.txn.markUnspent(voucher);
  }
}
