/**
 * An async mutex per key: calls for one key run one at a time in arrival order; calls for
 * different keys never wait on each other. Not re-entrant: a holder that waits on its own key
 * deadlocks.
 */
export class KeyedMutex {
  // The promise each key's latest caller settles when done; absent when the key is idle.
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key);
    let release!: () => void;
    const done = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous === undefined ? done : previous.then(() => done);
    this.tails.set(key, tail);
    try {
      if (previous !== undefined) await previous;
      return await work();
    } finally {
      release();
      // Forget idle keys so a million one-off clients do not stay in memory.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /** Keys with a holder or waiters (for tests). */
  get busyKeys(): number {
    return this.tails.size;
  }
}
