import { getAddress, type Address, type Chain, type PublicClient, type Transport } from 'viem';
import type { ChainOracle } from '../engine/ports';
import { voucherCollateralAbi } from './artifacts/VoucherCollateral';

/** One clientState(client, vendor) read of the contract. */
export interface ClientChainState {
  /** All the client holds, thawing included. */
  collateral: bigint;
  thawing: bigint;
  subscribed: boolean;
  totalSubscriptions: bigint;
}

/** Reads one client's state in one call; rejects when the chain cannot be read. */
export type ClientStateReader = (client: Address, vendor: Address) => Promise<ClientChainState>;

/** VoucherCollateral.clientState over viem: the four facts in one eth_call, all from one block. */
export function contractStateReader(publicClient: Pick<PublicClient<Transport, Chain>, 'readContract'>, contract: Address): ClientStateReader {
  return async (client, vendor) => {
    const [collateral, thawing, subscribed, totalSubscriptions] = await publicClient.readContract({
      address: contract,
      abi: voucherCollateralAbi,
      functionName: 'clientState',
      args: [client, vendor],
    });
    return { collateral, thawing, subscribed, totalSubscriptions };
  };
}

export interface ContractChainOracleOptions {
  read: ClientStateReader;
  /** The vendor this oracle answers for: its subscription is read with the client's collateral. */
  vendor: Address;
  /**
   * The oldest facts credit is extended on, in ms; default 15 s. The engine's expand-risk term
   * covers subscriptions the client makes inside this window.
   */
  maxStalenessMs?: number;
  /** After a failed read, answer from what is known for this long before asking the chain again; default 1 s. */
  retryAfterFailureMs?: number;
  /** Clients whose facts are cached; the least recently used are dropped beyond it. Default 10,000. */
  capacity?: number;
  /** Clock in ms, for tests. */
  now?: () => number;
}

export interface OracleHealth {
  /** When the chain last failed to answer, while it still does not; null when it answers. */
  failingSince: number | null;
  lastError: string | null;
}

interface CachedFacts {
  state: ClientChainState;
  /** When the read that produced them started: the facts are at least this old. */
  readAt: number;
}

export const DEFAULT_MAX_STALENESS_MS = 15_000;
const DEFAULT_RETRY_AFTER_FAILURE_MS = 1_000;
const DEFAULT_CAPACITY = 10_000;

/**
 * The engine's ChainOracle over the VoucherCollateral contract. The engine asks collateral,
 * isSubscribed and totalSubscriptions of a client at once; they share one cached read.
 *
 * Staleness: facts younger than maxStalenessMs are answered from the cache; older ones are read
 * again before answering. When the chain cannot be read and the facts are older than the bound
 * (or unknown), collateral is 0: the engine then extends no credit (new vouchers are refused with
 * collateral_too_low, queries with insufficient_credit, both 402 that succeed on retry once the
 * chain answers). isSubscribed and totalSubscriptions keep their last known values (subscribed
 * when never known), so the refusal is that 402 and not a 403 telling the client to subscribe.
 */
export class ContractChainOracle implements ChainOracle {
  private readonly read: ClientStateReader;
  private readonly vendor: Address;
  private readonly maxStalenessMs: number;
  private readonly retryAfterFailureMs: number;
  private readonly capacity: number;
  private readonly now: () => number;
  private readonly cache = new Map<string, CachedFacts>();
  private readonly inFlight = new Map<string, Promise<CachedFacts | null>>();
  private failedAt: number | null = null;
  private failingSince: number | null = null;
  private lastError: string | null = null;

  constructor(options: ContractChainOracleOptions) {
    this.read = options.read;
    this.vendor = getAddress(options.vendor);
    this.maxStalenessMs = options.maxStalenessMs ?? DEFAULT_MAX_STALENESS_MS;
    this.retryAfterFailureMs = options.retryAfterFailureMs ?? DEFAULT_RETRY_AFTER_FAILURE_MS;
    this.capacity = options.capacity ?? DEFAULT_CAPACITY;
    this.now = options.now ?? Date.now;
    if (this.maxStalenessMs < 0 || this.retryAfterFailureMs < 0 || this.capacity < 1) throw new RangeError('oracle bounds must be positive');
  }

  /** Collateral net of thawing: what new credit may rest on. */
  async collateral(client: Address): Promise<bigint> {
    const facts = await this.current(client, this.vendor);
    if (facts === null) return 0n;
    const net = facts.state.collateral - facts.state.thawing;
    return net > 0n ? net : 0n;
  }

  async isSubscribed(client: Address, vendor: Address): Promise<boolean> {
    const facts = (await this.current(client, vendor)) ?? this.cache.get(key(client, vendor)) ?? null;
    return facts?.state.subscribed ?? true;
  }

  async totalSubscriptions(client: Address): Promise<bigint> {
    const facts = (await this.current(client, this.vendor)) ?? this.cache.get(key(client, this.vendor)) ?? null;
    return facts?.state.totalSubscriptions ?? 0n;
  }

  /** Drops what is cached about a client, so the next question reads the chain (after a change this process made). */
  forget(client: Address): void {
    const prefix = `${client.toLowerCase()}:`;
    for (const id of [...this.cache.keys()]) if (id.startsWith(prefix)) this.cache.delete(id);
  }

  health(): OracleHealth {
    return { failingSince: this.failingSince, lastError: this.lastError };
  }

  /** Facts no older than the bound, or null when the chain cannot supply them. */
  private async current(client: Address, vendor: Address): Promise<CachedFacts | null> {
    const id = key(client, vendor);
    const cached = this.cache.get(id);
    if (cached !== undefined && this.now() - cached.readAt < this.maxStalenessMs) {
      this.touch(id, cached);
      return cached;
    }
    if (this.failedAt !== null && this.now() - this.failedAt < this.retryAfterFailureMs) return null;
    let pending = this.inFlight.get(id);
    if (pending === undefined) {
      pending = this.refresh(id, client, vendor).finally(() => this.inFlight.delete(id));
      this.inFlight.set(id, pending);
    }
    return pending;
  }

  private async refresh(id: string, client: Address, vendor: Address): Promise<CachedFacts | null> {
    const readAt = this.now();
    try {
      const facts = { state: await this.read(client, vendor), readAt };
      this.touch(id, facts);
      this.failedAt = null;
      this.failingSince = null;
      this.lastError = null;
      return facts;
    } catch (error) {
      this.failedAt = this.now();
      this.failingSince ??= this.failedAt;
      this.lastError = error instanceof Error ? error.message.split('\n')[0]! : String(error);
      return null;
    }
  }

  /** Map order is the LRU order: re-inserting moves a client to the young end. */
  private touch(id: string, facts: CachedFacts): void {
    this.cache.delete(id);
    this.cache.set(id, facts);
    if (this.cache.size > this.capacity) this.cache.delete(this.cache.keys().next().value!);
  }
}

function key(client: Address, vendor: Address): string {
  return `${client.toLowerCase()}:${vendor.toLowerCase()}`;
}
