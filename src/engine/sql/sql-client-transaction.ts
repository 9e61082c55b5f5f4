import type { SignedVoucher } from '../../protocol';
import { EngineFault } from '../errors';
import type { StoredVoucher } from '../ports';
import type { SqlRow, SqlSession } from './sql';
import { numericLiteral, textLiteral } from './sql-literal';
import { VOUCHER_COLUMNS, insertVouchersStatement, voucherFromRow } from './voucher-rows';

/**
 * A vendor instance that stops heartbeating for this long is presumed dead, and the cost it
 * had locked no longer counts against its clients' credit.
 */
export const INSTANCE_TTL_SECONDS = 30;

const CLIENT_KEY = /^0x[0-9a-f]{40}$/;

/** What a vendor with the database to itself keeps of a client between transactions (ResidentClients). */
export interface ResidentState {
  unmarked: bigint;
  /** Cost locked by this instance; on an exclusive database there is no other live instance. */
  lockedOwn: bigint;
  /** Unspent vouchers and the newest voucher (spent or not), ascending by nonce. */
  working: StoredVoucher[];
}

/**
 * Where a resident transaction reads what is outside the working set: `settled` resolves once every
 * earlier write of the client is in the database, so a read after it sees them.
 */
export interface ResidentReads {
  session: SqlSession;
  settled(): Promise<void>;
}

/**
 * One client's state inside its SQL transaction: locked, read once, then kept in memory while the
 * engine works, and written back in one script just before COMMIT.
 *
 * Why this is safe: the first statement takes the client's row lock (SELECT … FOR UPDATE), and
 * every write to the client's vouchers, unmarked cost and this instance's locks happens under that
 * lock. So after it nobody else can change what was read, and the in-memory copy stays exact
 * until COMMIT. The reads run as later statements of the same script, so in READ COMMITTED each
 * takes its snapshot after the lock was granted and sees everything committed before it.
 *
 * Round trips are what a paid request costs here, so every transaction is BEGIN, one read
 * script, at most one write script, COMMIT.
 */
export class SqlClientTransaction {
  unmarked: bigint;
  /** Locked cost of live instances (this one included), and this instance's own part of it. */
  lockedTotal: bigint;
  lockedOwn: bigint;
  /** Unspent vouchers and the newest voucher (spent or not), ascending by nonce. */
  readonly working: StoredVoucher[];
  private unmarkedChanged = false;
  private lockChanged = false;
  /** Vouchers inserted by this transaction, by nonce; entries are updated when spent. */
  private readonly inserted = new Map<bigint, StoredVoucher>();
  private readonly spent = new Set<bigint>();
  /** Spent vouchers this transaction made unspent again (a credit-back). */
  private readonly unspent = new Set<bigint>();
  /** Vouchers or unmarked cost were written by an earlier flush of this transaction. */
  private durableWritten = false;
  private ended = false;

  private constructor(
    private readonly tx: SqlSession,
    readonly client: string,
    private readonly instanceId: string,
    state: ResidentState & { lockedTotal: bigint },
    /** Set for a resident transaction: its writes go to a commit queue, its locks stay in memory. */
    private readonly resident?: ResidentReads,
  ) {
    this.unmarked = state.unmarked;
    this.working = state.working;
    this.lockedTotal = state.lockedTotal;
    this.lockedOwn = state.lockedOwn;
  }

  /** The client's state as the read script returns it (see readScript). */
  static stateFromRows(results: SqlRow[][]): ResidentState & { lockedTotal: bigint } {
    const [lockRows, voucherRows, queryLocks] = results;
    const state = {
      unmarked: BigInt((lockRows?.[0]?.unmarked as string | undefined) ?? '0'),
      working: (voucherRows ?? []).map(voucherFromRow),
      lockedTotal: 0n,
      lockedOwn: 0n,
    };
    for (const row of queryLocks ?? []) {
      const locked = BigInt(row.locked as string);
      if (row.own === true) state.lockedOwn += locked;
      if (row.own === true || row.live === true) state.lockedTotal += locked;
    }
    return state;
  }

  /** Locks the client's row (creating it on first sight) and reads its state: one round trip when it exists. */
  static async open(tx: SqlSession, client: string, instanceId: string): Promise<SqlClientTransaction> {
    if (!CLIENT_KEY.test(client)) throw new RangeError(`not a lower-case client address: ${client}`);
    const read = readScript(client, instanceId);
    let results = await tx.script(read);
    if (results[0]?.length !== 1) {
      // The INSERT waits for a concurrent creator of the row; the lock after it then finds the row.
      results = (await tx.script(`INSERT INTO voucher_clients (client) VALUES (${textLiteral(client)}) ON CONFLICT DO NOTHING;\n${read}`)).slice(1);
    }
    return new SqlClientTransaction(tx, client, instanceId, SqlClientTransaction.stateFromRows(results));
  }

  /**
   * A transaction over a client's resident state (a copy: the caller keeps the original until
   * this one's writes are queued). Nothing is read: a vendor alone on its database already knows.
   */
  static resident(reads: ResidentReads, client: string, instanceId: string, state: ResidentState): SqlClientTransaction {
    const copy = { unmarked: state.unmarked, lockedOwn: state.lockedOwn, lockedTotal: state.lockedOwn, working: [...state.working] };
    return new SqlClientTransaction(reads.session, client, instanceId, copy, reads);
  }

  /** The state this transaction leaves, for the next one of a resident client. */
  residentState(): ResidentState {
    return { unmarked: this.unmarked, lockedOwn: this.lockedOwn, working: this.working };
  }

  assertOpen(): void {
    if (this.ended) throw new EngineFault('client_transaction_ended', `the transaction for ${this.client} has ended`);
  }

  end(): void {
    this.ended = true;
  }

  setUnmarked(value: bigint): void {
    this.assertOpen();
    this.unmarked = value;
    this.unmarkedChanged = true;
  }

  /** Changes this instance's lock, never below zero, and the live total with it. */
  changeOwnLock(delta: bigint): void {
    this.assertOpen();
    const own = this.lockedOwn + delta > 0n ? this.lockedOwn + delta : 0n;
    this.lockedTotal += own - this.lockedOwn;
    this.lockedOwn = own;
    this.lockChanged = true;
  }

  addVoucher(voucher: SignedVoucher): void {
    this.assertOpen();
    const stored: StoredVoucher = {
      client: voucher.client,
      vendor: voucher.vendor,
      nonce: voucher.nonce,
      atoms: voucher.atoms,
      chainId: voucher.chainId,
      verifyingContract: voucher.verifyingContract,
      signature: voucher.signature.toLowerCase() as StoredVoucher['signature'],
      spent: false,
    };
    // A duplicate nonce fails at COMMIT on the primary key, as an immediate INSERT would have.
    if (this.inserted.has(voucher.nonce)) throw new RangeError(`voucher ${voucher.nonce} inserted twice`);
    this.inserted.set(voucher.nonce, stored);
    const last = this.working.at(-1);
    // The previous newest voucher stays in the working set only while it is unspent.
    if (last?.spent) this.working.pop();
    this.working.push(stored);
    this.working.sort((a, b) => (a.nonce < b.nonce ? -1 : a.nonce > b.nonce ? 1 : 0));
  }

  markSpent(nonce: bigint): void {
    this.assertOpen();
    const fresh = this.inserted.get(nonce);
    if (fresh) this.inserted.set(nonce, { ...fresh, spent: true });
    else {
      this.unspent.delete(nonce);
      this.spent.add(nonce);
    }
    const index = this.working.findIndex((voucher) => voucher.nonce === nonce);
    if (index < 0) return;
    if (index === this.working.length - 1) this.working[index] = { ...this.working[index]!, spent: true };
    else this.working.splice(index, 1);
  }

  /** Every voucher of the client, spent or not, ascending by nonce, with this transaction's changes. */
  async allVouchers(): Promise<StoredVoucher[]> {
    if (!this.resident) return this.select('ORDER BY vouchers.nonce');
    const held = (await this.selectResident('')).concat([...this.inserted.values()].map((voucher) => ({ ...voucher })));
    return held.sort((a, b) => (a.nonce < b.nonce ? -1 : a.nonce > b.nonce ? 1 : 0));
  }

  /** The voucher under a nonce, spent or not, with this transaction's changes. */
  async voucherAt(nonce: bigint): Promise<StoredVoucher | null> {
    if (!this.resident) return (await this.select('AND nonce = $2', [nonce.toString()]))[0] ?? null;
    const fresh = this.inserted.get(nonce);
    if (fresh) return { ...fresh };
    return (await this.selectResident('AND nonce = $2', [nonce.toString()]))[0] ?? null;
  }

  /** A spent voucher unspent again (a credit-back): it rejoins the working set. */
  markUnspent(voucher: StoredVoucher): void {
    this.assertOpen();
    const { nonce } = voucher;
    const fresh = this.inserted.get(nonce);
    if (fresh) this.inserted.set(nonce, { ...fresh, spent: false });
    else {
      this.spent.delete(nonce);
      this.unspent.add(nonce);
    }
    const unspent = { ...voucher, spent: false };
    const index = this.working.findIndex((held) => held.nonce === nonce);
    if (index >= 0) this.working[index] = unspent;
    else {
      this.working.push(unspent);
      this.working.sort((a, b) => (a.nonce < b.nonce ? -1 : a.nonce > b.nonce ? 1 : 0));
    }
  }

  /**
   * The newest spent voucher outside the working set (every voucher below it is spent), with this
   * transaction's changes: vouchers it spent count, ones it unspent do not. A credit-back is rare,
   * so this query is paid only then.
   */
  async lastSpentBelowWorkingSet(): Promise<StoredVoucher | null> {
    const spentHere = [...this.spent].map(numericLiteral).join(', ');
    const unspentHere = [...this.unspent].map(numericLiteral).join(', ');
    const where =
      `AND (spent${spentHere ? ` OR nonce IN (${spentHere})` : ''})` +
      (unspentHere ? ` AND nonce NOT IN (${unspentHere})` : '') +
      ' ORDER BY vouchers.nonce DESC LIMIT 1';
    const found = (this.resident ? await this.selectResident(where) : await this.select(where))[0] ?? null;
    let newest = found;
    for (const fresh of this.inserted.values()) {
      if (fresh.spent && (newest === null || fresh.nonce > newest.nonce)) newest = { ...fresh };
    }
    return newest;
  }

  /** Runs a read outside the working set, after writing what is pending so it sees this transaction's changes. */
  private async select(where: string, params: readonly unknown[] = []): Promise<StoredVoucher[]> {
    this.assertOpen();
    await this.flush();
    const rows = await this.tx.query(`SELECT ${VOUCHER_COLUMNS} FROM vouchers WHERE client = $1 ${where}`, [this.client, ...params]);
    return rows.map(voucherFromRow);
  }

  /**
   * The same read for a resident client, whose writes are not in the database until their group
   * commit: it waits for the earlier ones, and lays this transaction's own (not yet queued) over.
   */
  private async selectResident(where: string, params: readonly unknown[] = []): Promise<StoredVoucher[]> {
    this.assertOpen();
    await this.resident!.settled();
    this.assertOpen();
    const rows = await this.tx.query(`SELECT ${VOUCHER_COLUMNS} FROM vouchers WHERE client = $1 ${where}`, [this.client, ...params]);
    return rows.map((row) => {
      const voucher = voucherFromRow(row);
      if (this.spent.has(voucher.nonce)) return { ...voucher, spent: true };
      return this.unspent.has(voucher.nonce) ? { ...voucher, spent: false } : voucher;
    });
  }

  /**
   * Writes every pending change in one script. The last flush of a transaction tells PostgreSQL
   * not to wait for the disk at COMMIT, so the client's row lock is released at once; the caller
   * then waits for a group flush when this returns true (it wrote vouchers or unmarked cost). A
   * lock-only transaction needs none: a lock is void after a crash anyway (the instance stops
   * heartbeating). Any commit that waits for the disk makes every earlier commit durable with it.
   */
  async flush(options: { last?: boolean } = {}): Promise<boolean> {
    const statements = this.pendingWrites();
    const durable = this.durableWritten || (statements.length > 0 && !this.onlyLocksChanged);
    if (statements.length === 0) return durable;
    if (options.last && !this.durableWritten) statements.unshift('SET LOCAL synchronous_commit TO OFF');
    await this.tx.script(statements.join(';\n'));
    this.clearPending();
    return durable;
  }

  /**
   * The statements that write this transaction's pending changes, and forgets them: for a
   * resident client, queued for the next group commit. Its locks are not among them: on a
   * database only this process can open, every lock is void at the next start anyway.
   */
  takeWrites(): { statements: string[]; unmarkedChanged: boolean } {
    const unmarkedChanged = this.unmarkedChanged;
    // The unmarked cost is written apart: a group commit writes only each client's latest.
    this.unmarkedChanged = false;
    const statements = this.pendingWrites();
    this.clearPending();
    return { statements, unmarkedChanged };
  }

  private get onlyLocksChanged(): boolean {
    return this.lockChanged && this.inserted.size === 0 && this.spent.size === 0 && this.unspent.size === 0 && !this.unmarkedChanged;
  }

  private pendingWrites(): string[] {
    const client = textLiteral(this.client);
    const statements: string[] = [];
    if (this.inserted.size > 0) statements.push(insertVouchersStatement(this.client, [...this.inserted.values()]));
    if (this.spent.size > 0) {
      const nonces = [...this.spent].map(numericLiteral).join(', ');
      statements.push(`UPDATE vouchers SET spent = TRUE WHERE client = ${client} AND nonce IN (${nonces})`);
    }
    if (this.unspent.size > 0) {
      const nonces = [...this.unspent].map(numericLiteral).join(', ');
      statements.push(`UPDATE vouchers SET spent = FALSE WHERE client = ${client} AND nonce IN (${nonces})`);
    }
    if (this.unmarkedChanged) statements.push(unmarkedStatement(this.client, this.unmarked));
    if (this.lockChanged && !this.resident) {
      // Only this instance writes its own row, under the client's row lock: the value is exact.
      statements.push(`INSERT INTO query_locks (client, instance_id, locked)
        VALUES (${client}, ${textLiteral(this.instanceId)}, ${numericLiteral(this.lockedOwn)})
        ON CONFLICT (client, instance_id) DO UPDATE SET locked = EXCLUDED.locked`);
    }
    return statements;
  }

  private clearPending(): void {
    if (!this.onlyLocksChanged) this.durableWritten = true;
    this.inserted.clear();
    this.spent.clear();
    this.unspent.clear();
    this.unmarkedChanged = false;
    this.lockChanged = false;
  }
}

/** Sets a client's unmarked cost. */
export function unmarkedStatement(client: string, unmarked: bigint): string {
  return `UPDATE voucher_clients SET unmarked = ${numericLiteral(unmarked)} WHERE client = ${textLiteral(client)}`;
}

/** The row lock, then the reads, each a later statement (so a later snapshot) of one script. */
export function readScript(client: string, instanceId: string): string {
  const key = textLiteral(client);
  const me = textLiteral(instanceId);
  return [
    `SELECT unmarked::text AS unmarked FROM voucher_clients WHERE client = ${key} FOR UPDATE`,
    `SELECT ${VOUCHER_COLUMNS} FROM vouchers
      WHERE client = ${key} AND (NOT spent OR nonce = (SELECT MAX(nonce) FROM vouchers WHERE client = ${key}))
      ORDER BY vouchers.nonce`,
    // Locks count while their instance heartbeats; this instance's own always count. One row per
    // instance, summed in JS: cheaper to plan than a join with aggregates (PGlite plans every script).
    `SELECT l.locked::text AS locked, l.instance_id = ${me} AS own,
            EXISTS (SELECT 1 FROM vendor_instances i WHERE i.instance_id = l.instance_id
                       AND i.heartbeat_at > now() - ${INSTANCE_TTL_SECONDS} * interval '1 second') AS live
       FROM query_locks l WHERE l.client = ${key}`,
  ].join(';\n');
}
