/**
 * Every failure a party can report to another carries one of these stable codes.
 * The HTTP status each maps to is part of the protocol (docs/protocol.md).
 */
export const ERROR_HTTP_STATUS = {
  // The request carried no voucher, or the vendor wants a newer one.
  payment_required: 402,
  // Wire format faults: the header could not be read at all.
  malformed_voucher_header: 400,
  duplicate_voucher_header: 400,
  voucher_header_too_large: 400,
  unsupported_version: 400,
  // Static voucher checks.
  invalid_signature: 403,
  zero_atoms: 403,
  wrong_vendor: 403,
  wrong_chain: 403,
  wrong_contract: 403,
  // Volatile voucher checks.
  not_subscribed: 403,
  collateral_too_low: 402,
  voucher_spent: 402,
  nonce_gap: 402,
  nonce_conflict: 403,
  // Credit.
  insufficient_credit: 402,
} as const;

export type PaymentErrorCode = keyof typeof ERROR_HTTP_STATUS;

export function isPaymentErrorCode(value: unknown): value is PaymentErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_HTTP_STATUS, value);
}

/** A wire value that could not be parsed. `field` names the offending part. */
export type ParseErrorCode =
  | 'malformed_voucher_header'
  | 'duplicate_voucher_header'
  | 'voucher_header_too_large'
  | 'unsupported_version'
  | 'malformed_requirements'
  | 'malformed_receipt';

export class ProtocolParseError extends Error {
  override readonly name = 'ProtocolParseError';
  constructor(
    readonly code: ParseErrorCode,
    readonly field: string,
    message: string,
  ) {
    super(`${code}: ${field}: ${message}`);
  }
}
