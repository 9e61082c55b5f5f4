import { EngineFault } from '../errors';
import type { SqlSession } from './sql';

/** A statement of which only the newest one per key needs to run (a client's latest unmarked cost). */
export interface LatestWrite {
  key: string;
  /** Built when the commit is, so it writes the value as of then. */
  statement(): string;
}

interface Waiter {
  script: string;
  latest: LatestWrite | undefined;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Group commit: write scripts of any number of clients' transactions, committed together. A script
 * queued while a commit is in flight goes into the next one, and each caller's promise resolves
 * only once the commit holding its script has returned, so nothing built on it leaves before it
 * is durable. One commit is one round trip: several statements in one simple query run as one
 * transaction (PostgreSQL's implicit transaction block), all of them or none.
 *
 * A failed commit fails its batch and every script queued behind it, and the queue refuses all
 * later work: the writers had applied their changes to memory, which no longer matches the disk
 * (the vendor restarts and reads the disk again).
 */
export class CommitQueue {
  private queued: Waiter[] = [];
  private draining = false;
  private failure: unknown;
  /** Commits run and scripts they held, for tests and the benchmark. */
  commits = 0;
  scripts = 0;

  /**
   * `stopOnFailure` false: a failed commit fails only its batch (a PostgreSQL flush, where the
   * database stays the truth and a lost connection is not the end).
   */
  constructor(
    private readonly session: SqlSession,
    private readonly stopOnFailure = true,
  ) {}

  /** Scripts waiting for the next commit. */
  get waiting(): number {
    return this.queued.length;
  }

  /** Throws when an earlier commit failed. */
  assertHealthy(): void {
    if (this.failure !== undefined) {
      throw new EngineFault('store_failed', `a group commit failed; restart the vendor: ${String(this.failure)}`);
    }
  }

  /** Commits `script` (may be empty) and `latest` with the next batch; resolves when that has committed. */
  commit(script: string, latest?: LatestWrite): Promise<void> {
    this.assertHealthy();
    return new Promise<void>((resolve, reject) => {
      this.queued.push({ script, latest, resolve, reject });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    // One event-loop turn before each commit lets every request whose bytes have arrived reach
    // its writes and join it. PGlite runs a commit synchronously on this thread, so requests
    // that arrive meanwhile are read only after it: without the pause each commit held one.
    await nextTurn();
    while (this.queued.length > 0) {
      const batch = this.queued;
      this.queued = [];
      try {
        await this.session.script(batchScript(batch));
      } catch (error) {
        if (!this.stopOnFailure) {
          for (const waiter of batch) waiter.reject(error);
          continue;
        }
        this.failure = error;
        for (const waiter of [...batch, ...this.queued]) waiter.reject(error);
        this.queued = [];
        break;
      }
      this.commits += 1;
      this.scripts += batch.length;
      for (const waiter of batch) waiter.resolve();
      await nextTurn();
    }
    this.draining = false;
  }
}

function batchScript(batch: readonly Waiter[]): string {
  const latest = new Map<string, LatestWrite>();
  const statements: string[] = [];
  for (const waiter of batch) {
    if (waiter.script !== '') statements.push(waiter.script);
    if (waiter.latest) latest.set(waiter.latest.key, waiter.latest);
  }
  for (const write of latest.values()) statements.push(write.statement());
  return statements.join(';\n');
}

/** setImmediate where there is one (Node), else a macrotask through a resolved timer. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));
}
