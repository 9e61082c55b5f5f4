import { describe, expect, it, vi } from 'vitest';
import { Prefetch } from './prefetch';

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('Prefetch', () => {
  it('starts at once and shows its answer to peek only once it is in, and only for its key', async () => {
    const start = vi.fn(async () => 42);
    const prefetch = new Prefetch('k', start);
    expect(prefetch.peek('k')).toBeUndefined();
    await flush();
    expect(start).toHaveBeenCalledOnce();
    expect(prefetch.peek('k')).toEqual({ ok: true, value: 42 });
    expect(prefetch.peek('other')).toBeUndefined();
  });

  it('is taken once; peek and take see nothing after that', async () => {
    const prefetch = new Prefetch('k', async () => 'page');
    expect(prefetch.take('other')).toBeUndefined();
    const taken = prefetch.take('k');
    expect(await taken).toBe('page');
    expect(prefetch.take('k')).toBeUndefined();
    expect(prefetch.peek('k')).toBeUndefined();
  });

  it('keeps a failure as a settled error, and a synchronous throw rejects the promise', async () => {
    const failing = new Prefetch('k', () => {
      throw new Error('no worker');
    });
    await expect(failing.promise).rejects.toThrow('no worker');
    expect(failing.peek('k')).toMatchObject({ ok: false, error: expect.objectContaining({ message: 'no worker' }) });
  });

  it('is retired by invalidate(), running its cleanups once, even ones added later', async () => {
    const prefetch = new Prefetch('k', async () => 1);
    const cleanup = vi.fn();
    prefetch.onRetired(cleanup);
    await flush();
    prefetch.invalidate();
    prefetch.invalidate();
    expect(cleanup).toHaveBeenCalledOnce();
    expect(prefetch.peek('k')).toBeUndefined();
    expect(prefetch.take('k')).toBeUndefined();
    const late = vi.fn();
    prefetch.onRetired(late);
    expect(late).toHaveBeenCalledOnce();
  });

  it('runs its cleanups when taken', () => {
    const prefetch = new Prefetch('k', async () => 1);
    const cleanup = vi.fn();
    prefetch.onRetired(cleanup);
    void prefetch.take('k');
    expect(cleanup).toHaveBeenCalledOnce();
  });

  it('judges a change seen in flight against the answer when it arrives', async () => {
    const kept = new Prefetch('k', async () => 5);
    kept.invalidateIf((value) => value > 10);
    await flush();
    expect(kept.peek('k')).toEqual({ ok: true, value: 5 });

    const stale = new Prefetch('k', async () => 50);
    stale.invalidateIf((value) => value > 10);
    await flush();
    expect(stale.peek('k')).toBeUndefined();
    expect(stale.take('k')).toBeUndefined();
  });

  it('reads again for a consumer that took it before a change it saw in flight proved it stale', async () => {
    let reads = 0;
    const prefetch = new Prefetch('k', async () => ++reads);
    const taken = prefetch.take('k');
    prefetch.invalidateIf(() => true); // retired by the take: ignored
    expect(await taken).toBe(1);

    let n = 0;
    const second = new Prefetch('k', async () => ++n);
    second.invalidateIf((value) => value === 1);
    expect(await second.take('k')).toBe(2);
  });

  it('judges a settled answer at once', async () => {
    const prefetch = new Prefetch('k', async () => 1);
    await flush();
    prefetch.invalidateIf(() => false);
    expect(prefetch.peek('k')).toEqual({ ok: true, value: 1 });
    prefetch.invalidateIf(() => true);
    expect(prefetch.peek('k')).toBeUndefined();
  });
});
