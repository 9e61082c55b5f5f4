import { isWalletErrorCode, type WalletErrorCode } from '../messaging/error-codes';
import type { PayerError } from '../payer/errors';

/** A refusal the worker replies with; the popup and the content bridge switch on its code. */
export class WalletError extends Error {
  override readonly name = 'WalletError';
  constructor(
    readonly code: WalletErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The worker's code for a payer failure: the payer's refusals keep their code; the HTTP client's
 * failures (network, streams) cannot happen in the worker, which runs no request, so one that
 * does is the worker's own fault.
 */
export function walletErrorCodeOf(error: PayerError): WalletErrorCode {
  return isWalletErrorCode(error.code) ? error.code : 'internal';
}
