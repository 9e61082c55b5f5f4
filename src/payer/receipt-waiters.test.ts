import { describe, expect, it, vi } from 'vitest';
import { MAX_RETRY_AFTER_MS, ReceiptWaiters, retryAfterMs } from './receipt-waiters';

describe('ReceiptWaiters', () => {
  it('wakes the oldest waiters first, as many as a receipt has room for, and all when nothing is locked', async () => {
    const waiters = new ReceiptWaiters();
    const woken: number[] = [];
    const waits = [0, 1, 2, 3].map((n) => waiters.wait('v', 60_000).then(() => woken.push(n)));
    waiters.wake('v', 0n);
    waiters.wake('other', 'all');
    await Promise.resolve();
    expect(woken).toEqual([]);
    waiters.wake('v', 1n);
    await waits[0];
    expect(woken).toEqual([0]);
    expect(waiters.waiting('v')).toBe(3);
    waiters.wake('v', 'all');
    await Promise.all(waits);
    expect(woken).toEqual([0, 1, 2, 3]);
    expect(waiters.waiting('v')).toBe(0);
  });

  it('ends a wait at the Retry-After, at most MAX_RETRY_AFTER_MS, or when the request aborts', async () => {
    vi.useFakeTimers();
    try {
      const waiters = new ReceiptWaiters();
      let done = false;
      void waiters.wait('v', 10 * MAX_RETRY_AFTER_MS).then(() => (done = true));
      await vi.advanceTimersByTimeAsync(MAX_RETRY_AFTER_MS - 1);
      expect(done).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(done).toBe(true);
      const abort = new AbortController();
      const aborted = waiters.wait('v', 1_000, abort.signal);
      abort.abort();
      await aborted;
      expect(waiters.waiting('v')).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('reads only the delay-seconds form of Retry-After', () => {
    expect(retryAfterMs('1')).toBe(1_000);
    expect(retryAfterMs(' 2 ')).toBe(2_000);
    for (const value of [null, undefined, '', '-1', '1.5', 'Wed, 21 Oct 2015 07:28:00 GMT', '1e3']) expect(retryAfterMs(value)).toBeUndefined();
  });
});
