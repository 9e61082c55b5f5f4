import { getAddress, type Hex } from 'viem';
import type { SqlDatabase, SqlRow, SqlSession } from '../engine/sql/sql';
import { numericLiteral, textLiteral } from '../engine/sql/sql-literal';
import { signedVoucherFromRow } from '../engine/sql/voucher-rows';
import type { ClientRedemptionTotals, MinedVoucher, RedemptionStore, Submission, VoucherKey } from './redemption-store';
import { voucherKeyId } from './redemption-store';
import type { ClaimedVoucher } from './voucher-claims';

/**
 * Tables of the redeemer, beside the engine's in the vendor's database. Atoms and nonces are
 * NUMERIC as decimal text, addresses and hex lower-case, as in the engine's schema.
 *
 * voucher_redemptions     one row per voucher taken from the engine: its claim and its fate.
 * redemption_submissions  every redeem transaction signed, recorded before it is broadcast.
 */
const STATEMENTS = [
  `CREATE TABLE IF NOT EXISTS redemption_submissions (
     tx_hash         TEXT PRIMARY KEY,
     raw_transaction TEXT NOT NULL,
     account_nonce   NUMERIC(20, 0) NOT NULL,
     status          TEXT NOT NULL CHECK (status IN ('open', 'mined', 'dropped')),
     submitted_at    TIMESTAMPTZ NOT NULL DEFAULT now()
   )`,
  `CREATE TABLE IF NOT EXISTS voucher_redemptions (
     client             TEXT NOT NULL,
     nonce              NUMERIC(20, 0) NOT NULL,
     vendor             TEXT NOT NULL,
     atoms              NUMERIC(78, 0) NOT NULL,
     chain_id           NUMERIC(20, 0) NOT NULL,
     verifying_contract TEXT NOT NULL,
     signature          TEXT NOT NULL,
     claim              NUMERIC(78, 0) NOT NULL CHECK (claim >= 0 AND claim <= atoms),
     status             TEXT NOT NULL CHECK (status IN ('queued', 'submitted', 'mined', 'failed')),
     tx_hash            TEXT REFERENCES redemption_submissions (tx_hash),
     paid               NUMERIC(78, 0),
     failure            TEXT,
     PRIMARY KEY (client, nonce)
   )`,
  `CREATE INDEX IF NOT EXISTS voucher_redemptions_queued ON voucher_redemptions (client, nonce) WHERE status = 'queued'`,
  `CREATE INDEX IF NOT EXISTS voucher_redemptions_tx ON voucher_redemptions (tx_hash)`,
];

/** Any fixed number other than the engine's: keeps concurrent startups from racing on CREATE TABLE. */
const SCHEMA_LOCK_KEY = 8403;

const CLAIM_COLUMNS = `client, nonce::text AS nonce, vendor, atoms::text AS atoms, chain_id::text AS chain_id,
  verifying_contract, signature, claim::text AS claim`;

function claimFromRow(row: SqlRow): ClaimedVoucher {
  return {
    voucher: signedVoucherFromRow(row),
    claim: BigInt(row.claim as string),
  };
}

/** `(client, nonce)` rows for a VALUES list; only lower-case hex and digits reach the SQL text. */
function keyRows(keys: readonly VoucherKey[]): string {
  return keys.map((key) => `(${textLiteral(key.client.toLowerCase())}, ${numericLiteral(key.nonce)})`).join(', ');
}

/** RedemptionStore on the vendor's SQL database (PGlite or PostgreSQL): survives restarts and crashes. */
export class SqlRedemptionStore implements RedemptionStore {
  private constructor(private readonly db: SqlDatabase) {}

  static async open(db: SqlDatabase): Promise<SqlRedemptionStore> {
    await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK_KEY]);
      for (const statement of STATEMENTS) await tx.query(statement);
    });
    return new SqlRedemptionStore(db);
  }

  async floors(): Promise<Map<string, bigint>> {
    const rows = await this.db.query('SELECT client, max(nonce)::text AS nonce FROM voucher_redemptions GROUP BY client');
    return new Map(rows.map((row) => [row.client as string, BigInt(row.nonce as string)]));
  }

  async enqueue(claims: readonly ClaimedVoucher[]): Promise<void> {
    if (claims.length === 0) return;
    await this.db.transaction(async (tx) => {
      for (const { voucher, claim } of claims) {
        await tx.query(
          `INSERT INTO voucher_redemptions (client, nonce, vendor, atoms, chain_id, verifying_contract, signature, claim, status)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'queued') ON CONFLICT (client, nonce) DO NOTHING`,
          [
            voucher.client.toLowerCase(),
            voucher.nonce.toString(),
            voucher.vendor.toLowerCase(),
            voucher.atoms.toString(),
            voucher.chainId.toString(),
            voucher.verifyingContract.toLowerCase(),
            voucher.signature.toLowerCase(),
            claim.toString(),
          ],
        );
      }
    });
  }

  async queued(limit: number): Promise<ClaimedVoucher[]> {
    const rows = await this.db.query(`SELECT ${CLAIM_COLUMNS} FROM voucher_redemptions WHERE status = 'queued' ORDER BY voucher_redemptions.client, voucher_redemptions.nonce LIMIT $1`, [limit]);
    return rows.map(claimFromRow);
  }

  async recordSubmission(submission: Submission): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(`INSERT INTO redemption_submissions (tx_hash, raw_transaction, account_nonce, status) VALUES ($1, $2, $3, 'open')`, [
        submission.txHash.toLowerCase(),
        submission.rawTransaction,
        submission.accountNonce.toString(),
      ]);
      const updated = await tx.query(
        `UPDATE voucher_redemptions r SET status = 'submitted', tx_hash = $1
         FROM (VALUES ${keyRows(submission.vouchers)}) AS k (client, nonce)
         WHERE r.client = k.client AND r.nonce = k.nonce::numeric AND r.status = 'queued'
         RETURNING r.client`,
        [submission.txHash.toLowerCase()],
      );
      if (updated.length !== submission.vouchers.length) throw new Error(`transaction ${submission.txHash} names a voucher that is not queued`);
    });
  }

  async openSubmissions(): Promise<Submission[]> {
    const submissions = await this.db.query(
      `SELECT tx_hash, raw_transaction, account_nonce::text AS account_nonce FROM redemption_submissions WHERE status = 'open' ORDER BY redemption_submissions.account_nonce`,
    );
    const found: Submission[] = [];
    for (const row of submissions) {
      const vouchers = await this.db.query(`SELECT client, nonce::text AS nonce FROM voucher_redemptions WHERE tx_hash = $1 ORDER BY voucher_redemptions.client, voucher_redemptions.nonce`, [row.tx_hash]);
      found.push({
        txHash: row.tx_hash as Hex,
        rawTransaction: row.raw_transaction as Hex,
        accountNonce: BigInt(row.account_nonce as string),
        vouchers: vouchers.map((each) => ({ client: getAddress(each.client as string), nonce: BigInt(each.nonce as string) })),
      });
    }
    return found;
  }

  async recordMined(txHash: Hex, paid: readonly MinedVoucher[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await this.closeSubmission(tx, txHash, 'mined');
      if (paid.length === 0) return;
      const rows = paid.map((each) => `(${textLiteral(each.client.toLowerCase())}, ${numericLiteral(each.nonce)}, ${numericLiteral(each.paid)})`);
      const updated = await tx.query(
        `UPDATE voucher_redemptions r SET status = 'mined', paid = m.paid::numeric
         FROM (VALUES ${rows.join(', ')}) AS m (client, nonce, paid)
         WHERE r.client = m.client AND r.nonce = m.nonce::numeric AND r.tx_hash = $1
         RETURNING r.client`,
        [txHash.toLowerCase()],
      );
      if (updated.length !== paid.length) throw new Error(`transaction ${txHash} does not hold every voucher reported mined`);
    });
  }

  async recordDropped(txHash: Hex): Promise<void> {
    await this.db.transaction(async (tx) => {
      await this.closeSubmission(tx, txHash, 'dropped');
      await tx.query(`UPDATE voucher_redemptions SET status = 'queued', tx_hash = NULL WHERE tx_hash = $1 AND status = 'submitted'`, [txHash.toLowerCase()]);
    });
  }

  async recordFailed(voucher: VoucherKey, reason: string): Promise<void> {
    const updated = await this.db.query(
      `UPDATE voucher_redemptions SET status = 'failed', failure = $3 WHERE client = $1 AND nonce = $2 AND status = 'queued' RETURNING client`,
      [voucher.client.toLowerCase(), voucher.nonce.toString(), reason],
    );
    if (updated.length !== 1) throw new Error(`voucher ${voucherKeyId(voucher)} is not queued`);
  }

  async totals(): Promise<ClientRedemptionTotals[]> {
    const rows = await this.db.query(
      `SELECT client,
         COALESCE(sum(paid) FILTER (WHERE status = 'mined'), 0)::text AS redeemed,
         COALESCE(sum(claim) FILTER (WHERE status IN ('queued', 'submitted')), 0)::text AS pending,
         COALESCE(sum(claim) FILTER (WHERE status = 'failed'), 0)::text AS failed
       FROM voucher_redemptions GROUP BY client ORDER BY client`,
    );
    return rows.map((row) => ({
      client: getAddress(row.client as string),
      redeemed: BigInt(row.redeemed as string),
      pending: BigInt(row.pending as string),
      failed: BigInt(row.failed as string),
    }));
  }

  private async closeSubmission(tx: SqlSession, txHash: Hex, status: 'mined' | 'dropped'): Promise<void> {
    const closed = await tx.query(`UPDATE redemption_submissions SET status = $2 WHERE tx_hash = $1 AND status = 'open' RETURNING tx_hash`, [txHash.toLowerCase(), status]);
    if (closed.length !== 1) throw new Error(`transaction ${txHash} is not an open submission`);
  }
}
