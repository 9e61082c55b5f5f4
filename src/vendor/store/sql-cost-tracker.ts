import type { UnmarkedCostTracker } from '../../engine/ports';
import type { SqlSession } from './sql';

/**
 * A vendor instance that stops heartbeating for this long is presumed dead, and the cost it
 * had locked no longer counts against its clients' credit.
 */
export const INSTANCE_TTL_SECONDS = 30;

/**
 * One client's unmarked and locked cost, inside the client's transaction.
 *
 * Why not the engine's OutstandingBalanceTracker over a record store: that keeps `locked` as a
 * single number per client, and a number cannot tell whose queries it covers. If a vendor
 * crashes mid-query, its locks would then be held forever. Here each instance locks under its
 * own row (query_locks), and only the locks of instances that are alive (heartbeat younger
 * than INSTANCE_TTL_SECONDS, or this instance itself) count. See SqlClientStore for cleanup.
 */
export class SqlCostTracker implements UnmarkedCostTracker {
  /** Kept current by the writes: the client's row lock keeps everyone else out meanwhile. */
  private lockedCache: bigint | undefined;

  constructor(
    private readonly tx: SqlSession,
    private readonly client: string,
    private readonly instanceId: string,
    /** Read with the row lock, so current. */
    private unmarkedCache: bigint,
  ) {}

  async unmarked(): Promise<bigint> {
    return this.unmarkedCache;
  }

  async locked(): Promise<bigint> {
    if (this.lockedCache !== undefined) return this.lockedCache;
    const rows = await this.tx.query<{ locked: string }>(
      `SELECT COALESCE(SUM(l.locked), 0)::text AS locked
         FROM query_locks l JOIN vendor_instances i ON i.instance_id = l.instance_id
        WHERE l.client = $1
          AND (l.instance_id = $2 OR i.heartbeat_at > now() - $3::int * interval '1 second')`,
      [this.client, this.instanceId, INSTANCE_TTL_SECONDS],
    );
    this.lockedCache = BigInt(rows[0]?.locked ?? '0');
    return this.lockedCache;
  }

  async add(cost: bigint): Promise<void> {
    await this.tx.query('UPDATE voucher_clients SET unmarked = unmarked + $2 WHERE client = $1', [
      this.client,
      cost.toString(),
    ]);
    this.unmarkedCache += cost;
  }

  async reduce(amount: bigint): Promise<void> {
    // GREATEST: the engine reduces by at most the unmarked cost; never let a slip go negative.
    await this.tx.query('UPDATE voucher_clients SET unmarked = GREATEST(unmarked - $2, 0) WHERE client = $1', [
      this.client,
      amount.toString(),
    ]);
    this.unmarkedCache = this.unmarkedCache > amount ? this.unmarkedCache - amount : 0n;
  }

  async lock(amount: bigint): Promise<void> {
    await this.tx.query(
      `INSERT INTO query_locks (client, instance_id, locked) VALUES ($1, $2, $3)
       ON CONFLICT (client, instance_id) DO UPDATE SET locked = query_locks.locked + EXCLUDED.locked`,
      [this.client, this.instanceId, amount.toString()],
    );
    if (this.lockedCache !== undefined) this.lockedCache += amount;
  }

  async unlock(amount: bigint): Promise<void> {
    await this.tx.query(
      `UPDATE query_locks SET locked = GREATEST(locked - $3, 0) WHERE client = $1 AND instance_id = $2`,
      [this.client, this.instanceId, amount.toString()],
    );
    // Re-read on demand: the unlock may have been clamped, the cache must not guess.
    this.lockedCache = undefined;
  }
}
