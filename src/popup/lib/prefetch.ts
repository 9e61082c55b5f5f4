export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * A read started when the popup's script starts, before React has rendered anything, so its
 * answer is (nearly) in by the time the screen that shows it mounts. `key` names the read: a
 * screen uses the prefetch only for exactly that read.
 *
 * One use only: the first consumer take()s it; later mounts read afresh. Once something it read
 * has changed (a store event, a worker notice), invalidate() or invalidateIf() retires it, so a
 * screen never shows an answer that was already out of date when it mounted. A change seen while
 * the read is still in flight is judged against its answer when that arrives; a consumer that
 * took it meanwhile then gets a fresh read instead.
 */
export class Prefetch<T> {
  readonly promise: Promise<T>;
  private outcome: Settled<T> | undefined;
  private retired = false;
  private readonly onRetire: (() => void)[] = [];
  /** Changes seen before the answer arrived: each says whether it makes that answer stale. */
  private readonly staleIf: ((value: T) => boolean)[] = [];

  constructor(
    readonly key: string,
    private readonly start: () => Promise<T>,
  ) {
    this.promise = Promise.resolve().then(start);
    this.promise.then(
      (value) => {
        if (this.isStale(value)) this.retire();
        else this.outcome = { ok: true, value };
      },
      (error: unknown) => (this.outcome = { ok: false, error }),
    );
  }

  /** The answer, if it is in and still usable; never consumes (safe to call while rendering). */
  peek(key: string): Settled<T> | undefined {
    return this.usable(key) ? this.outcome : undefined;
  }

  /** The read for its one consumer, or undefined: another key, already taken, or out of date. */
  take(key: string): Promise<T> | undefined {
    if (!this.usable(key)) return undefined;
    this.retire();
    if (this.outcome) return this.promise;
    return this.promise.then((value) => (this.isStale(value) ? this.start() : value));
  }

  invalidate(): void {
    this.retire();
  }

  /** Retires the prefetch if `changed` says this change makes its answer stale (judged on arrival when still in flight). */
  invalidateIf(changed: (value: T) => boolean): void {
    if (this.retired) return;
    if (!this.outcome) this.staleIf.push(changed);
    else if (!this.outcome.ok || changed(this.outcome.value)) this.retire();
  }

  /** Runs `cleanup` once the prefetch is taken or invalidated (e.g. to stop listening for changes). */
  onRetired(cleanup: () => void): void {
    if (this.retired) cleanup();
    else this.onRetire.push(cleanup);
  }

  private isStale(value: T): boolean {
    return this.staleIf.some((changed) => changed(value));
  }

  private usable(key: string): boolean {
    return !this.retired && key === this.key;
  }

  private retire(): void {
    if (this.retired) return;
    this.retired = true;
    for (const cleanup of this.onRetire.splice(0)) cleanup();
  }
}
