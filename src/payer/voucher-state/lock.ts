/**
 * Runs `fn` with exclusive access to `name`: with navigator.locks where it exists (shared by every
 * context of the extension, so a worker and a page cannot issue for one vendor at once), else an
 * in-process queue (Node, tests).
 */
export type LockRunner = <T>(name: string, fn: () => Promise<T>) => Promise<T>;

interface LockManagerLike {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

export function createLockRunner(): LockRunner {
  const locks = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks;
  if (locks) return (name, fn) => locks.request(name, fn);
  return createMutexRunner();
}

/** An in-process mutex per name; waiters run in arrival order and a failure does not block the next. */
export function createMutexRunner(): LockRunner {
  const tails = new Map<string, Promise<unknown>>();
  return async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const previous = tails.get(name) ?? Promise.resolve();
    const run = previous.then(() => fn());
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    tails.set(name, tail);
    try {
      return await run;
    } finally {
      if (tails.get(name) === tail) tails.delete(name);
    }
  };
}
