import { expect, it } from 'vitest';
import { createMutexRunner } from './lock';

it('runs one task per name at a time, in order, and survives a failing task', async () => {
  const lock = createMutexRunner();
  const log: string[] = [];
  const task = (name: string, id: string, fail = false) =>
    lock(name, async () => {
      log.push(`start ${id}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      log.push(`end ${id}`);
      if (fail) throw new Error(id);
      return id;
    });
  const results = await Promise.allSettled([task('a', '1', true), task('a', '2'), task('b', '3')]);
  expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
  // a's tasks never overlap; b runs beside them.
  expect(log.indexOf('end 1')).toBeLessThan(log.indexOf('start 2'));
  expect(log.indexOf('start 3')).toBeLessThan(log.indexOf('end 1'));
});
