/**
 * A page's question about a vendor waits here for the user's decision instead of polling. The
 * decision is in storage (approvals, and the pending entry's removal); these waiters only wake
 * the questions this worker holds. A worker stopped meanwhile drops the held questions: the page
 * asks again and the new worker finds the same pending entry, or the decision.
 */
export class DecisionWaiters {
  private readonly waiters = new Map<string, Set<() => void>>();

  /**
   * Questions held per approval at most: an honest page asks once per vendor, so only a page
   * posting forged questions meets this; it is answered at once (awaitingApproval) instead of
   * making the worker hold without bound.
   */
  static readonly MAX_HELD = 16;

  /** Resolves true once `id` is decided (or `isPending` says it already is), false after `ms`. */
  async wait(id: string, ms: number, isPending: () => Promise<boolean>): Promise<boolean> {
    let wake!: (decided: boolean) => void;
    const settled = new Promise<boolean>((resolve) => (wake = resolve));
    const onDecided = () => wake(true);
    const set = this.waiters.get(id) ?? new Set();
    if (set.size >= DecisionWaiters.MAX_HELD) return !(await isPending());
    set.add(onDecided);
    this.waiters.set(id, set);
    const timer = setTimeout(() => wake(false), ms);
    try {
      // Registered first, checked second: a decision landing in between is not missed.
      if (!(await isPending())) return true;
      return await settled;
    } finally {
      clearTimeout(timer);
      set.delete(onDecided);
      if (set.size === 0 && this.waiters.get(id) === set) this.waiters.delete(id);
    }
  }

  decided(id: string): void {
    for (const wake of [...(this.waiters.get(id) ?? [])]) wake();
  }
}
