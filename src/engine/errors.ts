import type { CreditSnapshot, HeldVoucher, PaymentErrorCode } from '../protocol';

export interface EngineErrorDetails {
  /** The nonce the vendor expects on the client's next new voucher, when it knows. */
  nextNonce?: bigint;
  /** The client's credit, for rejections a payer can fix by paying more. */
  credit?: CreditSnapshot;
  /** On nonce_conflict: vouchers held for the client, for a payer that lost its own (§5.1). */
  heldVouchers?: HeldVoucher[];
}

/**
 * A request the engine refuses. `code` is a stable protocol code (src/protocol/errors.ts),
 * so the vendor can map it to an HTTP status and a payer can act on it.
 */
export class EngineError extends Error {
  override readonly name = 'EngineError';
  readonly code: PaymentErrorCode;
  readonly nextNonce?: bigint;
  readonly credit?: CreditSnapshot;
  readonly heldVouchers?: HeldVoucher[];

  constructor(
    code: PaymentErrorCode,
    readonly reason: string,
    details: EngineErrorDetails = {},
  ) {
    super(`${code}: ${reason}`);
    this.code = code;
    if (details.nextNonce !== undefined) this.nextNonce = details.nextNonce;
    if (details.credit !== undefined) this.credit = details.credit;
    if (details.heldVouchers !== undefined) this.heldVouchers = details.heldVouchers;
  }

  /** The same rejection with the client's credit attached, for the 402 body. */
  withCredit(credit: CreditSnapshot): EngineError {
    return new EngineError(this.code, this.reason, {
      ...(this.nextNonce !== undefined ? { nextNonce: this.nextNonce } : {}),
      ...(this.heldVouchers !== undefined ? { heldVouchers: this.heldVouchers } : {}),
      credit,
    });
  }
}

export function isEngineError(error: unknown): error is EngineError {
  return error instanceof EngineError;
}

/**
 * A caller or store broke the engine's contract (settled a query twice, wrote through a client
 * state after its transaction ended, settled a client without vouchers), or its store can no
 * longer write (a failed group commit). Not the client's doing: a vendor answers 500, not a
 * protocol code.
 */
export type EngineFaultCode =
  | 'query_not_open'
  | 'client_transaction_ended'
  | 'no_vouchers_to_settle'
  | 'settlement_not_creditable'
  | 'credit_exceeds_charges'
  | 'store_failed';

/** Every code the engine raises: protocol refusals (EngineError) and broken contracts (EngineFault). */
export type EngineErrorCode = PaymentErrorCode | EngineFaultCode;

export class EngineFault extends Error {
  override readonly name = 'EngineFault';
  constructor(
    readonly code: EngineFaultCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}
