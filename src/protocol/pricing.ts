/** Bytes in a gigabyte (SI). The seed divided bytes by 8e9, counting bits; a GB is 1e9 bytes. */
export const BYTES_PER_GB = 1_000_000_000n;
export const MS_PER_HOUR = 3_600_000n;

export interface Prices {
  /** Charged per hour a query runs (the seed's rolling per-second connection charge). */
  atomsPerHour: bigint;
  /** Charged per gigabyte (1e9 bytes) sent in a response body. */
  atomsPerGB: bigint;
}

export interface Usage {
  elapsedMs: bigint;
  bytes: bigint;
}

function ceilDiv(numerator: bigint, denominator: bigint): bigint {
  return (numerator + denominator - 1n) / denominator;
}

/**
 * The cost of a query in atoms: elapsed time × price per hour + bytes × price per GB.
 * Integer arithmetic throughout; each part is rounded up to a whole atom so a vendor is
 * never paid less than its prices say (the seed multiplied floats).
 */
export function costOf(prices: Prices, usage: Usage): bigint {
  if (usage.elapsedMs < 0n || usage.bytes < 0n) throw new RangeError('usage must not be negative');
  // A negative price would turn a query into a credit for the client.
  if (prices.atomsPerHour < 0n || prices.atomsPerGB < 0n) throw new RangeError('prices must not be negative');
  return (
    ceilDiv(usage.elapsedMs * prices.atomsPerHour, MS_PER_HOUR) +
    ceilDiv(usage.bytes * prices.atomsPerGB, BYTES_PER_GB)
  );
}
