import { privateKeyToAccount } from 'viem/accounts';
import {
  encodeReceiptHeader,
  encodeRequirements,
  REQUIREMENTS_HEADER,
  type CreditSnapshot,
  type PaymentRequirements,
  type Receipt,
} from '../protocol';
import type { VendorKey } from './vendor-key';

/** Test-only keys (Hardhat's well-known accounts 1 and 2): never hold value. */
export const clientAccount = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d');
export const vendorAccount = privateKeyToAccount('0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a');

export const vendorKey: VendorKey = {
  client: clientAccount.address,
  vendor: vendorAccount.address,
  chainId: 31337n,
  verifyingContract: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
};

export function credit(available: bigint): CreditSnapshot {
  return { unspent: available, unmarked: 0n, locked: 0n, cap: 10n ** 12n, available };
}

export function requirements(overrides: Partial<PaymentRequirements> = {}): PaymentRequirements {
  return {
    version: 1,
    error: { code: 'payment_required', message: 'pay' },
    vendor: vendorKey.vendor,
    chainId: vendorKey.chainId,
    verifyingContract: vendorKey.verifyingContract,
    asset: { symbol: 'USDC', decimals: 6, microUsdPerUnit: 1_000_000n },
    prices: { atomsPerHour: 3_600_000n, atomsPerGB: 10_000_000n, approxCost: 100n },
    nextNonce: 0n,
    suggestedVoucherAtoms: 10_000n,
    ...overrides,
  };
}

export function receipt(overrides: Partial<Receipt> = {}): Receipt {
  return {
    vendor: vendorKey.vendor,
    client: vendorKey.client,
    cost: 10n,
    nonce: 0n,
    lastNonce: 0n,
    serviceTxRef: 'q-1',
    usage: { elapsedMs: 10n, bytes: 0n },
    credit: credit(9_990n),
    ...overrides,
  };
}

export function paymentRequiredResponse(body: PaymentRequirements): Response {
  return new Response(encodeRequirements(body), {
    status: 402,
    headers: { 'content-type': 'application/json', [REQUIREMENTS_HEADER]: 'v1' },
  });
}

export function paidResponse(body: string, paid: Receipt, contentType = 'application/json'): Response {
  return new Response(body, {
    status: 200,
    headers: { 'content-type': contentType, 'x-voucher-receipt': encodeReceiptHeader(paid) },
  });
}
