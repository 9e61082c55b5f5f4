import { EngineFault } from '../errors';
import type { SqlSession } from './sql';

interface Waiter {
  script: string;
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

  constructor(private readonly session: SqlSession) {}

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

  commit(script: string): Promise<void> {
    this.assertHealthy();
    return new Promise<void>((resolve, reject) => {
      this.queued.push({ script, resolve, reject });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    // Lets the writers that are ready in this turn join the first commit too.
    await Promise.resolve();
    while (this.queued.length > 0) {
      const batch = this.queued;
      this.queued = [];
      try {
        await this.session.script(batch.map((waiter) => waiter.script).join(';\n'));
      } catch (error) {
        this.failure = error;
        for (const waiter of [...batch, ...this.queued]) waiter.reject(error);
        this.queued = [];
        break;
      }
      this.commits += 1;
      this.scripts += batch.length;
      for (const waiter of batch) waiter.resolve();
    }
    this.draining = false;
  }
}
