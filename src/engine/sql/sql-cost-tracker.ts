import type { UnmarkedCostTracker } from '../ports';
import type { SqlClientTransaction } from './sql-client-transaction';

/**
 * One client's unmarked and locked cost, inside the client's transaction: read with the row
 * lock, changed in memory, written at COMMIT (SqlClientTransaction).
 *
 * Why not the engine's OutstandingBalanceTracker over a record store: that keeps `locked` as a
 * single number per client, and a number cannot tell whose queries it covers. If a vendor
 * crashes mid-query, its locks would then be held forever. Here each instance locks under its
 * own row (query_locks), and only the locks of instances that are alive (heartbeat younger
 * than INSTANCE_TTL_SECONDS, or this instance itself) count. See SqlClientStore for cleanup.
 */
export class SqlCostTracker implements UnmarkedCostTracker {
  constructor(private readonly txn: SqlClientTransaction) {}

  async unmarked(): Promise<bigint> {
    this.txn.assertOpen();
    return this.txn.unmarked;
  }

  async locked(): Promise<bigint> {
    this.txn.assertOpen();
    return this.txn.lockedTotal;
  }

  async add(cost: bigint): Promise<void> {
    assertAmount(cost, 'cost');
    this.txn.setUnmarked(this.txn.unmarked + cost);
  }

  async reduce(amount: bigint): Promise<void> {
    assertAmount(amount, 'amount');
    // Clamped: the engine reduces by at most the unmarked cost; never let a slip go negative.
    const unmarked = this.txn.unmarked;
    this.txn.setUnmarked(unmarked > amount ? unmarked - amount : 0n);
  }

  async lock(amount: bigint): Promise<void> {
    assertAmount(amount, 'amount');
    this.txn.changeOwnLock(amount);
  }

  async unlock(amount: bigint): Promise<void> {
    assertAmount(amount, 'amount');
    this.txn.changeOwnLock(-amount);
  }
}

function assertAmount(amount: bigint, name: string): void {
  if (amount < 0n) throw new RangeError(`${name} must not be negative`);
}
