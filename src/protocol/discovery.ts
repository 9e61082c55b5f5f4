import type { Address } from 'viem';
import type { Asset } from './asset';
import type { Prices } from './pricing';

/**
 * The discovery document at /.well-known/voucher-payment: how to pay a vendor before any 402.
 * It is an open format: payers ignore fields they do not know, so vendors may add some.
 */
export interface DiscoveryRoute {
  method: string;
  path: string;
  /**
   * What the route is charged by. A paywall charges every paid answer costOf(prices, usage): the
   * time it ran and the bytes it sent, so this is always 'time+data' (§8, §11).
   */
  charge: 'time+data';
  approxCost: bigint;
}

export interface Discovery {
  version: 1;
  vendor: Address;
  chainId: bigint;
  verifyingContract: Address;
  asset: Asset;
  prices: Prices;
  suggestedVoucherAtoms: bigint;
  routes: DiscoveryRoute[];
}

/** JSON of a discovery document; `extra` adds vendor-specific fields to each route. */
export function encodeDiscovery(discovery: Discovery, extra: Record<string, unknown>[] = []): string {
  return JSON.stringify(
    {
      ...discovery,
      routes: discovery.routes.map((route, index) => ({ ...route, ...extra[index] })),
    },
    (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value),
  );
}
