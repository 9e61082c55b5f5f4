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

/**
 * One client's vouchers, read and written inside the client's transaction. The transaction
 * holds the client's row lock, so nobody else can change these rows meanwhile: the unspent
 * vouchers and the newest one are loaded once (one query) and kept current by the writes,
 * instead of a round trip for every read the engine makes.
 */
export class SqlVoucherTracker implements VoucherTracker {
  /** Unspent vouchers and the newest voucher (spent or not), ascending by nonce. */
  private loaded: StoredVoucher[] | undefined;

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

  private async working(): Promise<StoredVoucher[]> {
    this.loaded ??= await this.select(
      'AND (NOT spent OR nonce = (SELECT MAX(nonce) FROM vouchers WHERE client = $1)) ORDER BY nonce',
    );
    return this.loaded;
  }

  async unspentVouchers(): Promise<StoredVoucher[]> {
    return (await this.working()).filter((voucher) => !voucher.spent).map((voucher) => ({ ...voucher }));
  }

  allVouchers(): Promise<StoredVoucher[]> {
    return this.select('ORDER BY nonce');
  }

  async voucherAt(nonce: bigint): Promise<StoredVoucher | null> {
    const held = (await this.working()).find((voucher) => voucher.nonce === nonce);
    if (held) return { ...held };
    return (await this.select('AND nonce = $2', [nonce.toString()]))[0] ?? null;
  }

  async firstUnspent(): Promise<StoredVoucher | null> {
    const first = (await this.working()).find((voucher) => !voucher.spent);
    return first ? { ...first } : null;
  }

  async lastKnownNonce(): Promise<bigint | null> {
    return (await this.working()).at(-1)?.nonce ?? null;
  }

  async unspentAtoms(): Promise<bigint> {
    return (await this.working()).reduce((sum, voucher) => (voucher.spent ? sum : sum + voucher.atoms), 0n);
  }

  async insert(voucher: SignedVoucher): Promise<void> {
    const working = await this.working();
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
    const last = working.at(-1);
    // The previous newest voucher stays in the working set only while it is unspent.
    if (last?.spent) working.pop();
    working.push({ ...voucher, signature: voucher.signature.toLowerCase() as Hex, spent: false });
    working.sort((a, b) => (a.nonce < b.nonce ? -1 : a.nonce > b.nonce ? 1 : 0));
  }

  async markSpent(nonce: bigint): Promise<void> {
    const working = await this.working();
    await this.tx.query('UPDATE vouchers SET spent = TRUE WHERE client = $1 AND nonce = $2', [
      this.client,
      nonce.toString(),
    ]);
    const index = working.findIndex((voucher) => voucher.nonce === nonce);
    if (index < 0) return;
    if (index === working.length - 1) working[index] = { ...working[index]!, spent: true };
    else working.splice(index, 1);
  }
}
