import { describe, expect, it } from 'vitest';
import { APPLICATION_ERROR_PREFIX, encodeErrorBody, isApplicationErrorCode, parseErrorBody } from './error-body';
import { ERROR_HTTP_STATUS, isPaymentErrorCode } from './errors';

describe('payment and application error codes', () => {
  it('are distinct families: no payment code starts with app_', () => {
    const payment = Object.keys(ERROR_HTTP_STATUS);
    expect(payment.length).toBeGreaterThan(10);
    for (const code of payment) {
      expect(code.startsWith(APPLICATION_ERROR_PREFIX)).toBe(false);
      expect(isApplicationErrorCode(code)).toBe(false);
    }
  });

  it('reads an application error as no payment error, so a payer does not stop paying over it', () => {
    const body = parseErrorBody(encodeErrorBody('app_invalid_parameter', 'q must be at most 1000 characters'));
    expect(body).toEqual({ code: 'app_invalid_parameter', message: 'q must be at most 1000 characters' });
    expect(isApplicationErrorCode(body!.code)).toBe(true);
    expect(isPaymentErrorCode(body!.code)).toBe(false);
    expect(parseErrorBody(encodeErrorBody('malformed_voucher_header', 'x'))?.paymentCode).toBe('malformed_voucher_header');
  });

  it('needs the prefix and a snake_case word', () => {
    expect(isApplicationErrorCode('invalid_parameter')).toBe(false);
    expect(isApplicationErrorCode('app_Bad')).toBe(false);
    expect(isApplicationErrorCode('app_not_found')).toBe(true);
  });
});
