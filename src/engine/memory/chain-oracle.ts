import type { Address } from 'viem';
import type { ChainOracle } from '../ports';

export interface MemoryClientChainState {
  collateral: bigint;
  /** Vendors the client is subscribed to. */
  vendors: Address[];
}

export interface OpenDemoDefault {
  collateral: bigint;
  /** Subscriptions counted for risk; default 1 (this vendor). */
  totalSubscriptions?: bigint;
}

/**
 * A ChainOracle held in memory. With `openDefault`, a client the oracle has not been told about
 * counts as subscribed to every vendor with that collateral: the demo vendor runs without a chain.
 */
export class MemoryChainOracle implements ChainOracle {
  private readonly clients = new Map<string, MemoryClientChainState>();

  constructor(private readonly openDefault?: OpenDemoDefault) {}

  setClient(client: Address, state: MemoryClientChainState): void {
    this.clients.set(client.toLowerCase(), { collateral: state.collateral, vendors: [...state.vendors] });
  }

  setCollateral(client: Address, collateral: bigint): void {
    const known = this.clients.get(client.toLowerCase());
    this.setClient(client, { collateral, vendors: known?.vendors ?? [] });
  }

  async collateral(client: Address): Promise<bigint> {
    const known = this.clients.get(client.toLowerCase());
    if (known !== undefined) return known.collateral;
    return this.openDefault?.collateral ?? 0n;
  }

  async isSubscribed(client: Address, vendor: Address): Promise<boolean> {
    const known = this.clients.get(client.toLowerCase());
    if (known !== undefined) return known.vendors.some((each) => each.toLowerCase() === vendor.toLowerCase());
    return this.openDefault !== undefined;
  }

  async totalSubscriptions(client: Address): Promise<bigint> {
    const known = this.clients.get(client.toLowerCase());
    if (known !== undefined) return BigInt(known.vendors.length);
    return this.openDefault === undefined ? 0n : (this.openDefault.totalSubscriptions ?? 1n);
  }
}
