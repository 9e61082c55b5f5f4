import type { Engine, Query } from '../engine';
import { costOf, type Prices, type Usage } from '../protocol';

/** Time a stream reserves ahead of what it has used, so one reservation covers about a second of chunks. */
export const RESERVE_AHEAD_MS = 1000;

/**
 * The charge of a response that streams: before each chunk goes out, the query's lock must cover
 * the time so far and the bytes including that chunk; when it does not, the lock is raised a
 * second ahead (engine.reserveQuery), and when the credit cannot cover that, the stream ends.
 * So the final usage never costs more than the lock: the client is charged at most what it signed.
 */
export class RollingCharge {
  constructor(
    private readonly engine: Engine,
    private readonly prices: Prices,
    private readonly query: Query,
    private readonly elapsedMs: () => number,
  ) {}

  /** Whether `bytes` in all may be sent now; false when the client's credit is used up. */
  async cover(bytes: number): Promise<boolean> {
    const elapsedMs = BigInt(Math.ceil(this.elapsedMs()));
    if (costOf(this.prices, { elapsedMs, bytes: BigInt(bytes) }) <= this.query.lockedCost) return true;
    const ahead = costOf(this.prices, { elapsedMs: elapsedMs + BigInt(RESERVE_AHEAD_MS), bytes: BigInt(bytes) });
    if ((await this.engine.reserveQuery(this.query, ahead)).reserved) return true;
    // Not a second more: is this moment still covered?
    const now = costOf(this.prices, { elapsedMs, bytes: BigInt(bytes) });
    return (await this.engine.reserveQuery(this.query, now)).reserved;
  }

  /** The usage to settle: `bytes` and the time so far, the time cut to what the lock covers. */
  usage(bytes: number): Usage {
    return usageWithin(this.prices, { elapsedMs: BigInt(Math.ceil(this.elapsedMs())), bytes: BigInt(bytes) }, this.query.lockedCost);
  }
}

/**
 * `usage` with its time lowered until it costs at most `atoms` (the bytes are kept: they were
 * covered before they were sent). Time past the covered moment goes unpaid, never uncovered.
 */
export function usageWithin(prices: Prices, usage: Usage, atoms: bigint): Usage {
  if (costOf(prices, usage) <= atoms || prices.atomsPerHour === 0n) return usage;
  const byteCost = costOf(prices, { elapsedMs: 0n, bytes: usage.bytes });
  const timeAtoms = atoms > byteCost ? atoms - byteCost : 0n;
  // ⌈ms × perHour / 3.6e6⌉ ≤ timeAtoms  ⇔  ms ≤ ⌊timeAtoms × 3.6e6 / perHour⌋
  const elapsedMs = (timeAtoms * 3_600_000n) / prices.atomsPerHour;
  return { elapsedMs: elapsedMs < usage.elapsedMs ? elapsedMs : usage.elapsedMs, bytes: usage.bytes };
}
