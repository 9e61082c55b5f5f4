import { randomUUID } from 'node:crypto';
import type { Address } from 'viem';
import type { ClientState, ClientStore, SpentVoucherSource, StoredVoucher } from '../ports';
import { INSTANCE_TTL_SECONDS, SqlClientTransaction } from './sql-client-transaction';
import { SqlCostTracker } from './sql-cost-tracker';
import { SqlVoucherTracker } from './sql-voucher-tracker';
import { CommitQueue } from './commit-queue';
import { ResidentClients } from './resident-clients';
import { ensureSchema } from './schema';
import type { SqlDatabase } from './sql';
import { numericLiteral, textLiteral } from './sql-literal';
import { VOUCHER_COLUMNS, voucherFromRow } from './voucher-rows';

const HEARTBEAT_MS = (INSTANCE_TTL_SECONDS * 1000) / 3;

/**
 * The vendor's ClientStore on SQL. On a database that only this process can open (PGlite), clients
 * are resident in memory and their writes are group-committed (ResidentClients). Otherwise
 * withClient is one transaction (committed without waiting for the disk, then made durable by a
 * group flush before it resolves: sharedWithClient) that first takes a row lock
 * on the client (SELECT … FOR UPDATE, after INSERT … ON CONFLICT DO NOTHING for a new client), so
 * any number of vendor instances on one PostgreSQL serialise their work on a client and cannot
 * over-spend it. The client's state is read with the lock and written back before COMMIT, in one
 * script each (SqlClientTransaction).
 *
 * Crash recovery of locked cost: each instance registers itself in vendor_instances and
 * heartbeats; its locks count only while it is alive (SqlCostTracker). At startup the rows of
 * instances dead for longer than the TTL are deleted. On PGlite only one process can open the
 * database, so every earlier instance is dead and all of their locks are released at once.
 */
export class SqlClientStore implements ClientStore, SpentVoucherSource {
  readonly instanceId = randomUUID();
  private heartbeat: NodeJS.Timeout | undefined;
  /** On an exclusive database (PGlite): clients kept in memory, their writes group-committed. */
  readonly resident: ResidentClients | undefined;

  /**
   * Group flush on a shared database: transactions that wrote queue here after their commit, and
   * one synchronous commit (the heartbeat) makes all of them durable before any resolves.
   */
  private readonly flushes: CommitQueue;

  private constructor(private readonly db: SqlDatabase) {
    if (db.exclusive) this.resident = new ResidentClients(db, this.instanceId);
    this.flushes = new CommitQueue(db, false);
  }

  static async open(db: SqlDatabase): Promise<SqlClientStore> {
    await ensureSchema(db);
    const store = new SqlClientStore(db);
    await store.releaseDeadInstances();
    await db.query('INSERT INTO vendor_instances (instance_id) VALUES ($1)', [store.instanceId]);
    store.heartbeat = setInterval(() => {
      // A failed beat is retried at the next interval; this instance's own locks always count.
      db.query('UPDATE vendor_instances SET heartbeat_at = now() WHERE instance_id = $1', [store.instanceId]).catch(
        () => {},
      );
    }, HEARTBEAT_MS);
    store.heartbeat.unref();
    return store;
  }

  private async releaseDeadInstances(): Promise<void> {
    const dead = this.db.exclusive
      ? 'TRUE'
      : `heartbeat_at <= now() - ${INSTANCE_TTL_SECONDS} * interval '1 second'`;
    await this.db.transaction(async (tx) => {
      await tx.query(`DELETE FROM query_locks WHERE instance_id IN (SELECT instance_id FROM vendor_instances WHERE ${dead})`);
      await tx.query(`DELETE FROM vendor_instances WHERE ${dead}`);
      // Locks of instances that never registered (should not exist) would otherwise linger.
      await tx.query('DELETE FROM query_locks WHERE instance_id NOT IN (SELECT instance_id FROM vendor_instances)');
    });
  }

  withClient<T>(client: Address, fn: (state: ClientState) => Promise<T>): Promise<T> {
    if (this.resident) return this.resident.withClient(client, fn);
    return this.sharedWithClient(client, fn);
  }

  /**
   * One transaction under the client's row lock, committed without waiting for the disk; when it
   * wrote vouchers or cost, it resolves only after a group flush has made it durable (flushes).
   */
  private async sharedWithClient<T>(client: Address, fn: (state: ClientState) => Promise<T>): Promise<T> {
    const { result, durable } = await this.db.transaction(async (tx) => {
      const txn = await SqlClientTransaction.open(tx, client.toLowerCase(), this.instanceId);
      try {
        const result = await fn({ client, vouchers: new SqlVoucherTracker(txn), costs: new SqlCostTracker(txn) });
        return { result, durable: await txn.flush({ last: true }) };
      } finally {
        // A state that escapes fn must not write after the transaction ended.
        txn.end();
      }
    });
    if (durable) await this.flushes.commit('', { key: 'flush', statement: () => this.heartbeatStatement() });
    return result;
  }

  /**
   * This instance's heartbeat: a write, so its commit waits for the WAL to reach the disk, and
   * with it every commit before it (WAL is written in order).
   */
  private heartbeatStatement(): string {
    return `UPDATE vendor_instances SET heartbeat_at = now() WHERE instance_id = ${textLiteral(this.instanceId)}`;
  }

  async spentVouchersAbove(above: ReadonlyMap<string, bigint>, limit: number): Promise<StoredVoucher[]> {
    const floors = [...above].map(([client, nonce]) => `(${textLiteral(client)}, ${numericLiteral(nonce)})`);
    const notYetSeen =
      floors.length === 0
        ? ''
        : `AND NOT EXISTS (SELECT 1 FROM (VALUES ${floors.join(', ')}) AS floors (client, nonce)
             WHERE floors.client = vouchers.client AND vouchers.nonce <= floors.nonce::numeric)`;
    const rows = await this.db.query(
      `SELECT ${VOUCHER_COLUMNS} FROM vouchers WHERE spent ${notYetSeen} ORDER BY vouchers.client, vouchers.nonce LIMIT $1`,
      [limit],
    );
    return rows.map(voucherFromRow);
  }

  /** Stops heartbeating and releases this instance's locks (a clean shutdown has no queries in flight). */
  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    await this.db.transaction(async (tx) => {
      await tx.query('DELETE FROM query_locks WHERE instance_id = $1', [this.instanceId]);
      await tx.query('DELETE FROM vendor_instances WHERE instance_id = $1', [this.instanceId]);
    });
  }
}
