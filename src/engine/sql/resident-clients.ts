import type { Address } from 'viem';
import { InProcessKeyedLock } from '../../lib/keyed-lock';
import type { ClientState } from '../ports';
import { CommitQueue } from './commit-queue';
import type { SqlDatabase } from './sql';
import { SqlClientTransaction, readScript, unmarkedStatement, type ResidentState } from './sql-client-transaction';
import { SqlCostTracker } from './sql-cost-tracker';
import { SqlVoucherTracker } from './sql-voucher-tracker';
import { textLiteral } from './sql-literal';

export const DEFAULT_RESIDENT_CLIENTS = 100_000;

interface Resident {
  state: ResidentState;
  /** Resolves when this client's last queued write has committed (or failed). */
  settled: Promise<void>;
  /** Transactions running on the client, and its writes queued but not yet committed. */
  busy: number;
  unsettled: number;
}

/**
 * Clients of a vendor that has its database to itself (PGlite: one process per data dir). Each
 * client's state is read once and then kept in memory, and the memory copy is authoritative, so a
 * transaction reads nothing; an in-process mutex per client takes the row lock's place. What a
 * transaction writes goes to a CommitQueue, where it shares one commit with every other client's
 * writes queued meanwhile (group commit); withClient resolves only when that commit is done, so
 * a receipt built on it leaves after its cost is durable. The client's mutex is released as soon
 * as its writes are queued, so its next transaction starts from the in-memory state while the
 * commit is in flight, and its own result waits for its own, later commit.
 *
 * Locks are memory-only: at the next start every lock on an exclusive database is void anyway
 * (SqlClientStore.releaseDeadInstances). A transaction that changed only a lock (a steady-state
 * acceptance) therefore writes nothing and waits for nothing.
 *
 * At most `capacity` idle clients are kept; the least recently used idle one without locks goes first.
 */
export class ResidentClients {
  private readonly residents = new Map<string, Resident>();
  private readonly lock = new InProcessKeyedLock();
  readonly queue: CommitQueue;

  constructor(
    private readonly db: SqlDatabase,
    private readonly instanceId: string,
    readonly capacity = DEFAULT_RESIDENT_CLIENTS,
  ) {
    this.queue = new CommitQueue(db);
  }

  async withClient<T>(client: Address, fn: (state: ClientState) => Promise<T>): Promise<T> {
    const key = client.toLowerCase();
    this.queue.assertHealthy();
    const committed = await this.lock.run(key, async () => {
      const resident = await this.load(key);
      resident.busy += 1;
      try {
        const txn = SqlClientTransaction.resident({ session: this.db, settled: () => resident.settled }, key, this.instanceId, resident.state);
        let result: T;
        try {
          result = await fn({ client, vouchers: new SqlVoucherTracker(txn), costs: new SqlCostTracker(txn) });
        } finally {
          // A state that escapes fn must not write after the transaction ended.
          txn.end();
        }
        const { statements, unmarkedChanged } = txn.takeWrites();
        // Checked again: a commit may have failed while fn ran, and memory is no longer the disk.
        this.queue.assertHealthy();
        resident.state = txn.residentState();
        if (statements.length === 0 && !unmarkedChanged) return { result, durable: Promise.resolve() };
        // The unmarked cost as of the commit: every transaction that changed it since is in that commit or an earlier one.
        const latest = unmarkedChanged ? { key, statement: () => unmarkedStatement(key, resident.state.unmarked) } : undefined;
        const durable = this.queue.commit(statements.join(';\n'), latest);
        resident.unsettled += 1;
        resident.settled = durable.then(
          () => void (resident.unsettled -= 1),
          () => {},
        );
        return { result, durable };
      } finally {
        resident.busy -= 1;
        this.evictIdle();
      }
    });
    await committed.durable;
    return committed.result;
  }

  /** How many clients are held in memory. */
  get size(): number {
    return this.residents.size;
  }

  private async load(key: string): Promise<Resident> {
    const known = this.residents.get(key);
    if (known) {
      // Most recently used last.
      this.residents.delete(key);
      this.residents.set(key, known);
      return known;
    }
    let results = await this.db.script(readScript(key, this.instanceId));
    if (results[0]?.length !== 1) {
      // A client's row is created on first sight, outside any batch, so later batches can reference it.
      results = (await this.db.script(`INSERT INTO voucher_clients (client) VALUES (${textLiteral(key)}) ON CONFLICT DO NOTHING;\n${readScript(key, this.instanceId)}`)).slice(1);
    }
    const { unmarked, working } = SqlClientTransaction.stateFromRows(results);
    // Locks in the table belong to earlier instances, all released at startup: none count.
    const resident: Resident = { state: { unmarked, working, lockedOwn: 0n }, settled: Promise.resolve(), busy: 0, unsettled: 0 };
    this.residents.set(key, resident);
    return resident;
  }

  private evictIdle(): void {
    if (this.residents.size <= this.capacity) return;
    for (const [key, resident] of this.residents) {
      if (this.residents.size <= this.capacity) return;
      // A client with writes in flight stays: the disk does not have them yet.
      if (resident.busy === 0 && resident.unsettled === 0 && resident.state.lockedOwn === 0n) this.residents.delete(key);
    }
  }
}
