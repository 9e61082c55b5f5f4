/** The longest a 402's Retry-After is honoured: the wait is bounded whatever a vendor says. */
export const MAX_RETRY_AFTER_MS = 5_000;

/**
 * Requests a vendor refused with Retry-After (§7.1: its credit is locked by requests in flight), each
 * waiting for a receipt of that vendor (a request in flight settled and gave back its lock) or for
 * the Retry-After, whichever comes first. In memory, and not authoritative: a worker that dies loses
 * its waiters, and their asks are made again. FIFO, so the oldest refusal retries first.
 */
export class ReceiptWaiters {
  private readonly queues = new Map<string, (() => void)[]>();

  /** Resolves when a receipt of vendor `id` wakes this waiter or after `ms` (at most MAX_RETRY_AFTER_MS). */
  wait(id: string, ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      const queue = this.queues.get(id) ?? [];
      this.queues.set(id, queue);
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        const index = queue.indexOf(done);
        if (index >= 0) queue.splice(index, 1);
        if (queue.length === 0 && this.queues.get(id) === queue) this.queues.delete(id);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, Math.min(ms, MAX_RETRY_AFTER_MS)));
      signal?.addEventListener('abort', done, { once: true });
      queue.push(done);
    });
  }

  /**
   * A receipt of vendor `id` came with room for `slots` more requests (its available credit over the
   * route's lock): that many waiters go, the oldest first. 'all' when nothing is locked any more:
   * waiting cannot help, so every waiter retries (and meets a 402 that says what to sign).
   */
  wake(id: string, slots: bigint | 'all'): void {
    const queue = this.queues.get(id);
    if (!queue) return;
    const count = slots === 'all' || slots >= BigInt(queue.length) ? queue.length : Number(slots);
    for (const done of queue.slice(0, count)) done();
  }

  /** How many wait for vendor `id`. */
  waiting(id: string): number {
    return this.queues.get(id)?.length ?? 0;
  }
}

/** A Retry-After value in ms: only the delay-seconds form (RFC 9110 §10.2.3) this protocol sends; else undefined. */
export function retryAfterMs(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined || !/^[0-9]{1,9}$/.test(value.trim())) return undefined;
  return Number(value.trim()) * 1000;
}
