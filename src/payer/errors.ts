/**
 * Typed failures of the payer. Codes are stable: the extension shows them, records store them,
 * and callers branch on them, so a code is never renamed or reused for another meaning.
 */
export const PAYER_ERROR_CODES = [
  /** The policy does not allow paying this vendor (not approved for this origin). */
  'vendor_not_allowed',
  /** Signing the voucher would exceed the vendor's budget. */
  'budget_exhausted',
  /** The smallest useful voucher (the route's approximate cost) exceeds the per-voucher cap. */
  'voucher_too_large',
  /** The signer is not available (wallet locked). */
  'wallet_locked',
  /** The signer failed for another reason than a locked wallet. */
  'signer_failed',
  /** The vendor's nextNonce is past the one after the newest voucher signed for it: no jump is signed. */
  'nonce_jump',
  /** The vendor holds other vouchers under our nonces and did not show them (no heldVouchers, §5.1). */
  'nonce_conflict',
  /** A voucher the vendor says it holds for us is not signed by this wallet for this vendor and domain: nothing is adopted. */
  'held_voucher_invalid',
  /** The next voucher's nonce would exceed 2^64 - 1: this vendor key can take no more vouchers. */
  'nonces_exhausted',
  /** Receipts do not show the vouchers signed so far in use (a vendor answering 402 forever): no further voucher. */
  'vouchers_unused',
  /** The vendor asks for higher prices than approved: signing stops for it until the user approves them. */
  'prices_raised',
  /** The vendor's collateral domain (chain, contract) names no asset the wallet knows. */
  'unknown_asset',
  /** Payments are paused by the user. */
  'paused',
  /** The 402 or receipt names another vendor, client, chain or contract than expected. */
  'requirements_mismatch',
  /** A receipt charged more than the advertised prices allow for the usage: signing stops until the user resumes it. */
  'overcharge_suspected',
  /** The vendor answered 402 to the retry that carried the voucher it asked for. */
  'second_payment_required',
  /** The vendor's credit cap is below the route's cost: a new voucher would not help. */
  'credit_capped',
  /** The 402 body could not be parsed. */
  'malformed_requirements',
  /** The receipt could not be parsed. */
  'malformed_receipt',
  /** The request body is a stream larger than what the payer buffers for a retry. */
  'request_body_too_large',
  /** fetch rejected (DNS, connection reset, CORS, ...). */
  'network_error',
  /** The vendor answered 4xx/5xx. */
  'http_error',
  /** A streaming body failed or was cancelled before it ended. */
  'stream_aborted',
  /** The caller aborted the request. */
  'aborted',
] as const;

export type PayerErrorCode = (typeof PAYER_ERROR_CODES)[number];

export class PayerError extends Error {
  override readonly name = 'PayerError';
  constructor(
    readonly code: PayerErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isPayerError(value: unknown, code?: PayerErrorCode): value is PayerError {
  return value instanceof PayerError && (code === undefined || value.code === code);
}
