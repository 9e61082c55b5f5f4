import type { BenchRow } from './types';

/**
 * Shared statistics for every benchmark: figures are medians of repeated runs with their 5th and
 * 95th percentiles (nearest rank), so one noisy run on a shared machine moves no headline number.
 */
export function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) throw new Error('percentile of no samples');
  const index = Math.min(sorted.length - 1, Math.max(0, Math.round(fraction * (sorted.length - 1))));
  return sorted[index]!;
}

/** One benchmark row from raw samples. */
export function row(name: string, unit: string, samples: readonly number[]): BenchRow {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    name,
    unit,
    median: percentile(sorted, 0.5),
    p05: percentile(sorted, 0.05),
    p95: percentile(sorted, 0.95),
    runs: samples.length,
  };
}

/** Operations per second of `work`, which performs `operations` operations. */
export async function rate(operations: number, work: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await work();
  return operations / ((performance.now() - started) / 1000);
}

/** Milliseconds `work` takes. */
export async function timeMs(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/** A number for a table: integers from 100 up, else two decimals (latencies in ms, ratios). */
export function formatFigure(value: number | undefined): string {
  if (value === undefined) return '';
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  return value.toFixed(2);
}

/** BENCH_QUICK=1: a fast smoke run with fewer repetitions and smaller sizes; figures are rougher. */
export const QUICK = process.env.BENCH_QUICK === '1';

/** `full` normally, `quick` under BENCH_QUICK=1. */
export function scaled<T>(full: T, quick: T): T {
  return QUICK ? quick : full;
}

/** Prints benchmark rows as a console table; `around` adds columns before and after the figures. */
export function printRows<T extends BenchRow>(
  rows: readonly T[],
  around: { before?: (row: T) => Record<string, string>; after?: (row: T) => Record<string, string> } = {},
): void {
  console.table(
    rows.map((each) => ({
      ...around.before?.(each),
      benchmark: each.name,
      median: formatFigure(each.median),
      p05: formatFigure(each.p05),
      p95: formatFigure(each.p95),
      unit: each.unit,
      runs: each.runs,
      ...around.after?.(each),
    })),
  );
}
