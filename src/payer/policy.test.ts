import { describe, expect, it } from 'vitest';
import type { PaymentRequirements } from '../protocol';
import { createDefaultPolicy, DEFAULT_LIMITS } from './policy';

const VENDOR = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const key = { client: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266', vendor: VENDOR, chainId: 31337n, verifyingContract: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512' } as const;

function requirements(decimals: number, suggestedVoucherAtoms: bigint): PaymentRequirements {
  return {
    version: 1,
    error: { code: 'payment_required', message: 'pay' },
    vendor: VENDOR,
    chainId: key.chainId,
    verifyingContract: key.verifyingContract,
    asset: { symbol: 'USDC', decimals },
    prices: { atomsPerHour: 1n, atomsPerGB: 1n, approxCost: 1n },
    nextNonce: 0n,
    suggestedVoucherAtoms,
  };
}

describe('the default payment policy', () => {
  it('budgets 10^6 atoms whatever decimals and suggestion the vendor names', async () => {
    const policy = createDefaultPolicy();
    for (const [decimals, suggested] of [[6, 10_000n], [30, 10n ** 30n], [0, 1n]] as const) {
      const verdict = await policy.authorize({ key, reason: 'payment_required', requirements: requirements(decimals, suggested) });
      expect(verdict).toEqual({ allow: true, limits: DEFAULT_LIMITS });
    }
  });

  it('takes the payer\'s own limits, and refuses vendors outside its list or while paused', async () => {
    const limits = { limitAtoms: 10n ** 18n, maxVoucherAtoms: 10n ** 17n };
    let paused = false;
    const policy = createDefaultPolicy({ limits: () => limits, allowedVendors: [VENDOR], isPaused: () => paused });
    expect(await policy.authorize({ key, reason: 'top_up' })).toEqual({ allow: true, limits });
    const other = { ...key, vendor: '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC' } as const;
    expect(await policy.authorize({ key: other, reason: 'top_up' })).toMatchObject({ allow: false, code: 'vendor_not_allowed' });
    paused = true;
    expect(await policy.authorize({ key, reason: 'top_up' })).toMatchObject({ allow: false, code: 'paused' });
  });
});
