import { describe, expect, it } from 'vitest';
import { deferred } from './deferred';
import { createSharedKeyedLock, InProcessKeyedLock, type LockManagerLike } from './keyed-lock';

describe('InProcessKeyedLock', () => {
  it('runs tasks under one key one at a time, in arrival order', async () => {
    const lock = new InProcessKeyedLock();
    const log: string[] = [];
    const gate = deferred();
    const first = lock.run('a', async () => {
      log.push('first start');
      await gate.promise;
      log.push('first end');
    });
    const second = lock.run('a', async () => {
      log.push('second');
    });
    const third = lock.run('a', async () => {
      log.push('third');
    });
    gate.resolve();
    await Promise.all([first, second, third]);
    expect(log).toEqual(['first start', 'first end', 'second', 'third']);
  });

  it('never makes one key wait for another', async () => {
    const lock = new InProcessKeyedLock();
    const gate = deferred();
    const held = lock.run('a', () => gate.promise);
    // If b waited for a, this would never resolve and the test would time out.
    expect(await lock.run('b', async () => 'b done')).toBe('b done');
    gate.resolve();
    await held;
  });

  it('passes on a failure and runs the next task anyway', async () => {
    const lock = new InProcessKeyedLock();
    const failing = lock.run('a', async () => Promise.reject(new Error('task failed')));
    const next = lock.run('a', async () => 'next');
    await expect(failing).rejects.toThrow('task failed');
    expect(await next).toBe('next');
  });

  it('forgets keys once idle', async () => {
    const lock = new InProcessKeyedLock();
    const gate = deferred();
    const held = lock.run('a', () => gate.promise);
    const queued = lock.run('a', async () => undefined);
    const other = lock.run('b', () => gate.promise);
    expect(lock.busyKeys).toBe(2);
    gate.resolve();
    await Promise.all([held, queued, other]);
    expect(lock.busyKeys).toBe(0);
  });
});

describe('createSharedKeyedLock', () => {
  it('takes Web Locks when the platform has them, by the same names', async () => {
    const requested: string[] = [];
    const locks: LockManagerLike = {
      request: (name, callback) => {
        requested.push(name);
        return callback();
      },
    };
    const lock = createSharedKeyedLock(locks);
    expect(await lock.run('voucher-wallet:issue:v1', async () => 7)).toBe(7);
    expect(requested).toEqual(['voucher-wallet:issue:v1']);
  });

  it('serialises in process where there are none', async () => {
    const lock = createSharedKeyedLock(null);
    expect(lock).toBeInstanceOf(InProcessKeyedLock);
  });
});
