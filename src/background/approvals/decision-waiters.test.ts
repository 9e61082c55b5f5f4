import { describe, expect, it } from 'vitest';
import { DecisionWaiters } from './decision-waiters';

describe('decision waiters', () => {
  it('wakes every held question on the decision, holds at most MAX_HELD, and times out to false', async () => {
    const waiters = new DecisionWaiters();
    let pending = true;
    const isPending = async () => pending;
    const held = Array.from({ length: DecisionWaiters.MAX_HELD }, () => waiters.wait('a', 60_000, isPending));
    // One more is answered at once: still undecided.
    expect(await waiters.wait('a', 60_000, isPending)).toBe(false);
    pending = false;
    waiters.decided('a');
    expect(await Promise.all(held)).toEqual(Array(DecisionWaiters.MAX_HELD).fill(true));
    // Decided before the wait began: true at once.
    expect(await waiters.wait('b', 60_000, async () => false)).toBe(true);
    expect(await waiters.wait('c', 5, async () => true)).toBe(false);
  });
});
