import { randomUUID } from 'node:crypto';
import type { Address } from 'viem';
import type { ClientState, ClientStore } from '../../engine/ports';
import { INSTANCE_TTL_SECONDS, SqlCostTracker } from './sql-cost-tracker';
import { SqlVoucherTracker } from './sql-voucher-tracker';
import { ensureSchema } from './schema';
import type { SqlDatabase } from './sql';

const HEARTBEAT_MS = (INSTANCE_TTL_SECONDS * 1000) / 3;

/**
 * The vendor's ClientStore on SQL. withClient is one transaction that first takes a row lock
 * on the client (INSERT … ON CONFLICT DO NOTHING, then SELECT … FOR UPDATE), so any number of
 * vendor instances on one PostgreSQL serialise their work on a client and cannot over-spend it.
 *
 * Crash recovery of locked cost: each instance registers itself in vendor_instances and
 * heartbeats; its locks count only while it is alive (SqlCostTracker). At startup the rows of
 * instances dead for longer than the TTL are deleted. On PGlite only one process can open the
 * database, so every earlier instance is dead and all of their locks are released at once.
 */
export class SqlClientStore implements ClientStore {
  readonly instanceId = randomUUID();
  private heartbeat: NodeJS.Timeout | undefined;

  private constructor(private readonly db: SqlDatabase) {}

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
    const key = client.toLowerCase();
    return this.db.transaction(async (tx) => {
      // The locked row is read at its newest version, so unmarked is current. Other tables are
      // read by later statements, which see everything committed before the lock was granted.
      const lockRow = () =>
        tx.query<{ unmarked: string }>('SELECT unmarked::text AS unmarked FROM voucher_clients WHERE client = $1 FOR UPDATE', [key]);
      let rows = await lockRow();
      if (rows.length === 0) {
        await tx.query('INSERT INTO voucher_clients (client) VALUES ($1) ON CONFLICT DO NOTHING', [key]);
        rows = await lockRow();
      }
      return fn({
        client,
        vouchers: new SqlVoucherTracker(tx, key),
        costs: new SqlCostTracker(tx, key, this.instanceId, BigInt(rows[0]?.unmarked ?? '0')),
      });
    });
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
