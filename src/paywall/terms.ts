import type { Address } from 'viem';
import type { Asset, CreditSnapshot, HeldVoucher, PaymentErrorCode, PaymentRequirements, Prices, VoucherDomain } from '../protocol';
import { REQUIREMENTS_VERSION } from '../protocol';

/** What a vendor tells payers about paying it: who signs, on which chain, in what asset, at what prices. */
export interface PaywallTerms {
  vendor: Address;
  domain: VoucherDomain;
  asset: Asset;
  prices: Prices;
  suggestedVoucherAtoms: bigint;
}

/** Why a paid request was not let through, and what the payer should do next. */
export interface Refusal {
  code: PaymentErrorCode;
  message: string;
  nextNonce: bigint;
  credit?: CreditSnapshot;
  /** nonce_conflict only: the client's vouchers the vendor holds (§5.1). */
  heldVouchers?: HeldVoucher[];
}

/** The 402 (and other payment error) body: what went wrong and how to pay this route. */
export function requirementsFor(terms: PaywallTerms, approxCost: bigint, refusal: Refusal): PaymentRequirements {
  return {
    version: REQUIREMENTS_VERSION,
    error: { code: refusal.code, message: refusal.message.slice(0, 512) },
    vendor: terms.vendor,
    chainId: terms.domain.chainId,
    verifyingContract: terms.domain.verifyingContract,
    asset: terms.asset,
    prices: { ...terms.prices, approxCost },
    nextNonce: refusal.nextNonce,
    suggestedVoucherAtoms: terms.suggestedVoucherAtoms,
    ...(refusal.credit ? { credit: refusal.credit } : {}),
    ...(refusal.heldVouchers ? { heldVouchers: refusal.heldVouchers } : {}),
  };
}
