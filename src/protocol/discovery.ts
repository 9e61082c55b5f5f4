import type { Address } from 'viem';
import type { Asset } from './asset';
import { FieldReader, parseJson } from './codec';
import type { Prices } from './pricing';
import { readAsset } from './requirements';
import { MAX_UINT256, MAX_UINT64 } from './voucher';

/**
 * The discovery document at /.well-known/voucher-payment: how to pay a vendor before any 402.
 * It is an open format: payers ignore fields they do not know, so vendors may add some.
 */
export interface DiscoveryRoute {
  method: string;
  path: string;
  /** What the route is charged by: 'time', 'data' or 'time+data'. */
  charge: string;
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

export const MAX_DISCOVERY_LENGTH = 65_536;

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

export function parseDiscovery(input: string | unknown): Discovery {
  const read: FieldReader = new FieldReader('malformed_requirements');
  if (typeof input === 'string' && input.length > MAX_DISCOVERY_LENGTH) {
    read.fail('body', `longer than ${MAX_DISCOVERY_LENGTH} characters`);
  }
  const json = typeof input === 'string' ? parseJson(input) : input;
  if (json === undefined) read.fail('body', 'must be JSON');
  const body = read.object(json, 'body');
  if (body.version !== 1) read.fail('version', 'must be 1');
  const prices = read.object(body.prices, 'prices');
  const routes = read.array(body.routes, 'routes').map((value, index): DiscoveryRoute => {
    const at = read.at(`routes[${index}]`);
    const route = at.object(value, 'self');
    return {
      method: at.string(route.method, 'method', 16),
      path: at.string(route.path, 'path', 512),
      charge: at.string(route.charge, 'charge', 32),
      approxCost: at.uint(route.approxCost, 'approxCost', MAX_UINT256),
    };
  });
  return {
    version: 1,
    vendor: read.address(body.vendor, 'vendor'),
    chainId: read.uint(body.chainId, 'chainId', MAX_UINT64),
    verifyingContract: read.address(body.verifyingContract, 'verifyingContract'),
    asset: readAsset(read, body.asset, 'asset'),
    prices: {
      atomsPerHour: read.at('prices').uint(prices.atomsPerHour, 'atomsPerHour', MAX_UINT256),
      atomsPerGB: read.at('prices').uint(prices.atomsPerGB, 'atomsPerGB', MAX_UINT256),
    },
    suggestedVoucherAtoms: read.uint(body.suggestedVoucherAtoms, 'suggestedVoucherAtoms', MAX_UINT256),
    routes,
  };
}
