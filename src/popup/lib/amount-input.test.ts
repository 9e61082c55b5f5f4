import { describe, expect, it } from 'vitest';
import { parseAmountInput, parseLimits } from './amount-input';

const USDC = { symbol: 'USDC', decimals: 6 };

describe('parseAmountInput', () => {
  it('turns whole units into exact atoms', () => {
    expect(parseAmountInput('1.25', USDC, 'the budget')).toEqual({ atoms: 1_250_000n });
    expect(parseAmountInput(' 1,000 ', USDC, 'the budget')).toEqual({ atoms: 1_000_000_000n });
    expect(parseAmountInput('0.000001', USDC, 'the budget')).toEqual({ atoms: 1n });
    // 0.1 + 0.2 is not 0.3 in floats; in atoms it is.
    expect(parseAmountInput('0.3', { symbol: 'ETH', decimals: 18 }, 'x')).toEqual({ atoms: 300_000_000_000_000_000n });
  });

  it('explains what is wrong', () => {
    expect(parseAmountInput('', USDC, 'the budget').error).toBe('Enter the budget.');
    expect(parseAmountInput('0', USDC, 'the budget').error).toMatch(/more than 0 USDC/);
    expect(parseAmountInput('0.0000001', USDC, 'the budget').error).toMatch(/at most 6 decimal places/);
    expect(parseAmountInput('-1', USDC, 'the budget').error).toMatch(/number like/);
    expect(parseAmountInput('1e3', USDC, 'the budget').error).toMatch(/number like/);
  });
});

describe('parseLimits', () => {
  it('returns both amounts in atoms', () => {
    expect(parseLimits('5', '0.1', USDC)).toEqual({ budgetAtoms: 5_000_000n, maxVoucherAtoms: 100_000n });
  });
  it('names the field at fault', () => {
    expect(parseLimits('x', '0.1', USDC)).toMatchObject({ field: 'budget' });
    expect(parseLimits('5', '', USDC)).toMatchObject({ field: 'voucher' });
    expect(parseLimits('1', '2', USDC)).toMatchObject({ field: 'voucher', error: 'The voucher size cannot exceed the budget.' });
  });
});
