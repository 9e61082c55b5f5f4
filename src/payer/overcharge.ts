import { costOf, type Prices, type Receipt } from '../protocol';

/**
 * Receipt checks. A vendor measures its own time and bytes; the client can bound the time by its
 * wall clock from send to the end of the response (the vendor's work happens inside it, so the
 * vendor's figure may exceed ours only by error) and the bytes by what it received. The expected
 * cost uses the smaller of each, and a receipt is suspected when it charges more than
 * expected × (1 + percent/100) + slackAtoms. Default: 10 % + 2 atoms, covering per-part rounding
 * up and clock granularity.
 */
export interface OverchargeTolerance {
  percent: bigint;
  slackAtoms: bigint;
}

export const DEFAULT_OVERCHARGE_TOLERANCE: OverchargeTolerance = { percent: 10n, slackAtoms: 2n };

export interface ObservedUsage {
  /** Client wall time from send to the end of the response (or to the receipt), ms. */
  elapsedMs: number;
  /** Body bytes received, when known. */
  bytes?: number;
}

export interface OverchargeCheck {
  suspected: boolean;
  /** Cost of the bounded usage at the advertised prices. */
  expected: bigint;
  /** The most the receipt may charge before it is suspected. */
  allowed: bigint;
}

export function checkReceiptCost(
  receipt: Pick<Receipt, 'cost' | 'usage'>,
  prices: Prices,
  observed: ObservedUsage,
  tolerance: OverchargeTolerance = DEFAULT_OVERCHARGE_TOLERANCE,
): OverchargeCheck {
  const observedMs = BigInt(Math.ceil(Math.max(0, observed.elapsedMs)));
  const elapsedMs = receipt.usage.elapsedMs < observedMs ? receipt.usage.elapsedMs : observedMs;
  let bytes = receipt.usage.bytes;
  if (observed.bytes !== undefined && BigInt(observed.bytes) < bytes) bytes = BigInt(observed.bytes);
  const expected = costOf(prices, { elapsedMs, bytes });
  const allowed = expected + (expected * tolerance.percent + 99n) / 100n + tolerance.slackAtoms;
  return { suspected: receipt.cost > allowed, expected, allowed };
}

/**
 * Credit below which the payer signs the next voucher ahead: a quarter of the last voucher, or
 * ten requests' approximate cost, whichever is larger. A quarter leaves room for the requests in
 * flight while the new voucher travels with the next one; ten approximate costs keep small
 * vouchers from being topped up only after the vendor already refuses.
 */
export function topUpThreshold(lastVoucherAtoms: bigint, approxCost: bigint): bigint {
  const quarter = lastVoucherAtoms / 4n;
  const tenRequests = 10n * approxCost;
  return quarter > tenRequests ? quarter : tenRequests;
}
