/**
 * Runs `task` holding the lock named `key`: tasks under one key run one at a time in arrival
 * order, tasks under different keys never wait on each other, and a failing task does not block
 * the next. Not re-entrant: a task that waits on its own key deadlocks.
 */
export interface KeyedLock {
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
}

/**
 * A keyed lock within this context (one service worker, one Node process). Enough where one
 * context is the only writer; a killed worker takes its queue with it and the next one starts
 * from what storage holds.
 */
export class InProcessKeyedLock implements KeyedLock {
  // The promise each key's latest caller settles when done; absent when the key is idle.
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key);
    let release!: () => void;
    const done = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous === undefined ? done : previous.then(() => done);
    this.tails.set(key, tail);
    try {
      if (previous !== undefined) await previous;
      return await task();
    } finally {
      release();
      // Forget idle keys, so a million one-off clients leave nothing behind.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /** Keys with a holder or waiters. */
  get busyKeys(): number {
    return this.tails.size;
  }
}

/** The part of the Web Locks API (navigator.locks) this module uses. */
export interface LockManagerLike {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

/**
 * A keyed lock shared by every context of the origin where the platform has Web Locks: in the
 * extension the worker and its pages issue vouchers for one vendor, and must not at once. Where
 * there is none (Node), this context is the only one, and an in-process lock does.
 */
export function createSharedKeyedLock(locks: LockManagerLike | null = platformLocks()): KeyedLock {
  if (!locks) return new InProcessKeyedLock();
  return { run: (key, task) => locks.request(key, task) };
}

function platformLocks(): LockManagerLike | null {
  return (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks ?? null;
}
