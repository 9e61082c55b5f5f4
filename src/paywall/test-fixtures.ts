import type { Address } from 'viem';
import { MemoryChainOracle, MemoryClientStore, type UndeliveredCredit } from '../engine';
import { DOMAIN, PRICES, VENDOR, clientAccount, signVouchers } from '../engine/test-fixtures';
import { encodeVoucherHeader, type Receipt } from '../protocol';
import { createPaywall, type Paywall, type PaywallOptions } from './paywall';
import type { Refusal } from './terms';

export const TERMS = {
  vendor: VENDOR,
  domain: DOMAIN,
  asset: { symbol: 'USDC', decimals: 6 },
  prices: PRICES,
  suggestedVoucherAtoms: 1_000_000n,
};

export interface TestPaywall {
  paywall: Paywall;
  /** The injected clock, in ms: advance it to charge elapsed time. */
  clock: { now: number };
  charged: { client: Address; receipt: Receipt }[];
  credited: { client: Address; serviceTxRef: string; credit: UndeliveredCredit }[];
  refused: { status: number; refusal: Refusal; client: Address | undefined }[];
}

/** A paywall over memory ports (any client has ample collateral), an injected clock and a recording observer. */
export function testPaywall(options: Partial<PaywallOptions> = {}): TestPaywall {
  const clock = { now: 1_000 };
  const charged: TestPaywall['charged'] = [];
  const credited: TestPaywall['credited'] = [];
  const refused: TestPaywall['refused'] = [];
  const paywall = createPaywall({
    terms: TERMS,
    clients: new MemoryClientStore(),
    oracle: new MemoryChainOracle({ collateral: 10n ** 12n }),
    now: () => clock.now,
    observer: {
      charged: (client, receipt) => charged.push({ client, receipt }),
      credited: (client, serviceTxRef, credit) => credited.push({ client, serviceTxRef, credit }),
      refused: (status, refusal, client) => refused.push({ status, refusal, client }),
    },
    ...options,
  });
  return { paywall, clock, charged, credited, refused };
}

/** The x-voucher header of one voucher of `atoms` from test client `index`. */
export async function voucherHeaderFor(index: number, atoms: bigint, options: { vendor?: Address } = {}): Promise<{ header: string; client: Address }> {
  const account = clientAccount(index);
  return { header: encodeVoucherHeader(await signVouchers(account, [atoms], options)), client: account.address };
}
