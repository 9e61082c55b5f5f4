import { describe, expect, it } from 'vitest';
import { clientAccount } from '../engine/test-fixtures';
import { ChargeStats } from './stats';

describe('ChargeStats', () => {
  it('counts 402s in total, by code, and per client when the voucher named one', () => {
    const stats = new ChargeStats();
    const client = clientAccount(1).address;
    stats.recordPaymentRequired('payment_required', undefined);
    stats.recordPaymentRequired('insufficient_credit', client);
    stats.record(client, 40n);
    const snapshot = stats.snapshot();
    expect(snapshot.paymentRequired).toBe(2);
    expect(snapshot.paymentRequiredCodes).toEqual({ payment_required: 1, insufficient_credit: 1 });
    expect(snapshot.clients[client.toLowerCase()]).toEqual({ requests: 1, charged: 40n, paymentRequired: 1 });
    expect(snapshot.totalCharged).toBe(40n);
  });

  it('takes a credit-back off the client\'s charged total', () => {
    const stats = new ChargeStats();
    const client = clientAccount(2).address;
    stats.record(client, 40n);
    stats.recordCredit(client, 15n);
    expect(stats.snapshot().clients[client.toLowerCase()]).toEqual({ requests: 1, charged: 25n, paymentRequired: 0 });
    expect(stats.snapshot().totalCharged).toBe(25n);
  });
});
