import { getAddress, type Address } from 'viem';
import type { Asset, PaymentRequirements } from '../protocol';
import type { VendorKey } from './vendor-key';
import type { VendorLimits } from './voucher-state/types';

/** Why a new voucher is about to be signed. */
export interface PaymentRequest {
  key: VendorKey;
  reason: 'payment_required' | 'top_up';
  /** The 402 that asked for payment (absent for a top-up). */
  requirements?: PaymentRequirements;
  /** The web origin the request came from, when the payer runs for a page. */
  origin?: string;
}

export type PolicyRefusalCode = 'vendor_not_allowed' | 'paused' | 'wallet_locked';

export type PolicyVerdict =
  /** `limits` seed the vendor's budget the first time it is paid; later the stored budget rules. */
  | { allow: true; limits: VendorLimits }
  | { allow: false; code: PolicyRefusalCode; message: string };

/**
 * The user's say before any new signature. The extension backs it with approvals per origin and
 * the lock state; Node clients use createDefaultPolicy. Resending vouchers already signed does not
 * ask the policy: it creates no new obligation.
 */
export interface PaymentPolicy {
  authorize(request: PaymentRequest): Promise<PolicyVerdict>;
}

export interface DefaultPolicyOptions {
  /** When set, only these vendors are paid. */
  allowedVendors?: readonly Address[];
  /** Budget for a vendor paid the first time; default DEFAULT_LIMITS. */
  limits?: (asset: Asset | undefined) => VendorLimits;
  isPaused?: () => boolean;
}

/**
 * The budget of a vendor a payer configured no limits for: 10^6 atoms (one unit of a 6-decimal
 * token such as USDC), a tenth of it per voucher. Fixed in atoms, never scaled by the 402's
 * `decimals`: the seed took one whole unit of the vendor's asset, so a vendor saying
 * `decimals: 30` made the default budget 10^30 atoms. A payer of an asset with more decimals sets
 * `limits` (or its own policy) knowing the token.
 */
export const DEFAULT_LIMITS: Readonly<VendorLimits> = { limitAtoms: 1_000_000n, maxVoucherAtoms: 100_000n };

function defaultLimits(): VendorLimits {
  return { ...DEFAULT_LIMITS };
}

export function createDefaultPolicy(options: DefaultPolicyOptions = {}): PaymentPolicy {
  const allowed = options.allowedVendors?.map((vendor) => getAddress(vendor));
  return {
    async authorize(request) {
      if (options.isPaused?.()) return { allow: false, code: 'paused', message: 'payments are paused' };
      if (allowed && !allowed.includes(getAddress(request.key.vendor))) {
        return { allow: false, code: 'vendor_not_allowed', message: `vendor ${request.key.vendor} is not allowed` };
      }
      return { allow: true, limits: (options.limits ?? defaultLimits)(request.requirements?.asset) };
    },
  };
}
