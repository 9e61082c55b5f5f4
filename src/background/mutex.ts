/**
 * Serialises read-modify-write of one chrome.storage key inside this worker. Only the worker writes
 * these keys and a worker is one thread, so an in-process queue is enough; a killed worker takes
 * its queue with it and the next one starts from what storage holds.
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(task, task);
    const tail = next.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return next;
  }
}
