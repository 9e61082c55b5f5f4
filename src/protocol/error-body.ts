import { FieldReader, parseJson } from './codec';
import { isPaymentErrorCode, type PaymentErrorCode } from './errors';

/**
 * The body of a 400 or 403 that is not a PaymentRequirements: `{"error":{"code","message"}}`.
 * Vendors use codes of their own for application errors (app_invalid_parameter for a route
 * parameter), so the code is any short snake_case word; `paymentCode` is set when it is one of
 * the protocol's payment codes.
 */
export interface ErrorBody {
  code: string;
  message: string;
  paymentCode?: PaymentErrorCode;
}

export const MAX_ERROR_BODY_LENGTH = 16_384;

/**
 * Every code a vendor sends that is not a payment code (§7.3) starts with this: a bad route
 * parameter, an unknown path, the application's own failure. A payer stops paying only on payment
 * codes; an application error is the application's answer and changes nothing about payment.
 */
export const APPLICATION_ERROR_PREFIX = 'app_';

export function isApplicationErrorCode(code: string): boolean {
  return code.startsWith(APPLICATION_ERROR_PREFIX) && /^[a-z][a-z0-9_]{0,63}$/.test(code);
}

export function encodeErrorBody(code: string, message: string): string {
  return JSON.stringify({ error: { code, message } });
}

/** The error of a JSON error body, or undefined when the text is not one. */
export function parseErrorBody(text: string): ErrorBody | undefined {
  if (text.length > MAX_ERROR_BODY_LENGTH) return undefined;
  const read: FieldReader = new FieldReader('malformed_requirements');
  try {
    const body = read.object(parseJson(text), 'body');
    const error = read.object(body.error, 'error');
    const code = read.string(error.code, 'error.code', 64);
    if (!/^[a-z][a-z0-9_]{0,63}$/.test(code)) return undefined;
    const message = read.string(error.message, 'error.message', 512);
    return isPaymentErrorCode(code) ? { code, message, paymentCode: code } : { code, message };
  } catch {
    return undefined;
  }
}
