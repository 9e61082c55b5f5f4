/** One benchmark figure: the median of `runs` measurements, with the 5th and 95th percentiles when known. */
export type BenchRow = {
  name: string;
  unit: string;
  median: number;
  p05?: number;
  p95?: number;
  runs: number;
  /** Set by a benchmark whose target depends on another of its figures; else from run.ts's TARGETS. */
  target?: string;
  met?: boolean;
};
