import { getAddress, type Address, type Hex } from 'viem';
import type { SignedVoucher } from '../../protocol';
import type { StoredVoucher, VoucherTracker } from '../../engine/ports';
import type { SqlSession } from './sql';

interface VoucherRow {
  [column: string]: unknown;
  client: string;
  nonce: string;
  atoms: string;
  vendor: string;
  chain_id: string;
  verifying_contract: string;
  signature: string;
  spent: boolean;
}

const COLUMNS = `client, nonce::text AS nonce, atoms::text AS atoms, vendor, chain_id::text AS chain_id,
  verifying_contract, signature, spent`;

function toVoucher(row: VoucherRow): StoredVoucher {
  return {
    client: getAddress(row.client),
    vendor: getAddress(row.vendor),
    nonce: BigInt(row.nonce),
    atoms: BigInt(row.atoms),
    chainId: BigInt(row.chain_id),
    verifyingContract: getAddress(row.verifying_contract) as Address,
    signature: row.signature as Hex,
    spent: row.spent,
  };
}

/** One client's vouchers, read and written inside the client's transaction. */
export class SqlVoucherTracker implements VoucherTracker {
  constructor(
    private readonly tx: SqlSession,
    /** Lower-case client address: the key of every row. */
    private readonly client: string,
  ) {}

  private async select(where: string, params: unknown[] = []): Promise<StoredVoucher[]> {
    const rows = await this.tx.query<VoucherRow>(
      `SELECT ${COLUMNS} FROM vouchers WHERE client = $1 ${where}`,
      [this.client, ...params],
    );
    return rows.map(toVoucher);
  }

  unspentVouchers(): Promise<StoredVoucher[]> {
    return this.select('AND NOT spent ORDER BY nonce');
  }

  allVouchers(): Promise<StoredVoucher[]> {
    return this.select('ORDER BY nonce');
  }

  async voucherAt(nonce: bigint): Promise<StoredVoucher | null> {
    return (await this.select('AND nonce = $2', [nonce.toString()]))[0] ?? null;
  }

  async firstUnspent(): Promise<StoredVoucher | null> {
    return (await this.select('AND NOT spent ORDER BY nonce LIMIT 1'))[0] ?? null;
  }

  async lastKnownNonce(): Promise<bigint | null> {
    const rows = await this.tx.query<{ last: string | null }>(
      'SELECT MAX(nonce)::text AS last FROM vouchers WHERE client = $1',
      [this.client],
    );
    const last = rows[0]?.last;
    return last === null || last === undefined ? null : BigInt(last);
  }

  async unspentAtoms(): Promise<bigint> {
    const rows = await this.tx.query<{ total: string }>(
      'SELECT COALESCE(SUM(atoms), 0)::text AS total FROM vouchers WHERE client = $1 AND NOT spent',
      [this.client],
    );
    return BigInt(rows[0]?.total ?? '0');
  }

  async insert(voucher: SignedVoucher): Promise<void> {
    await this.tx.query(
      `INSERT INTO vouchers (client, nonce, atoms, vendor, chain_id, verifying_contract, signature)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        this.client,
        voucher.nonce.toString(),
        voucher.atoms.toString(),
        voucher.vendor.toLowerCase(),
        voucher.chainId.toString(),
        voucher.verifyingContract.toLowerCase(),
        voucher.signature.toLowerCase(),
      ],
    );
  }

  async markSpent(nonce: bigint): Promise<void> {
    await this.tx.query('UPDATE vouchers SET spent = TRUE WHERE client = $1 AND nonce = $2', [
      this.client,
      nonce.toString(),
    ]);
  }
}
