import type { Address } from 'viem';
import { DEFAULT_EXPAND_RISK, riskCapOf, type CreditSnapshot } from '../protocol';
import type { ChainOracle, ClientState } from './ports';

export { DEFAULT_EXPAND_RISK };

/**
 * What the chain says about one client, for risk. A client may be subscribed to several vendors
 * that all trust the same collateral, so each vendor caps its exposure at a share of it.
 */
export interface ClientRisk {
  collateral: bigint;
  totalSubscriptions: bigint;
  expandRisk: bigint;
}

/** collateral / (total subscriptions + expand risk); zero when nothing shares the collateral out. */
export function riskCap(risk: ClientRisk): bigint {
  return riskCapOf(risk.collateral, risk.totalSubscriptions, risk.expandRisk);
}

export interface CreditBalances {
  unspent: bigint;
  unmarked: bigint;
  locked: bigint;
}

/** available = min(unspent − unmarked − locked, cap), never below zero. */
export function creditOf(balances: CreditBalances, cap: bigint): CreditSnapshot {
  const headroom = balances.unspent - balances.unmarked - balances.locked;
  const bounded = headroom < cap ? headroom : cap;
  return { ...balances, cap, available: bounded > 0n ? bounded : 0n };
}

/** Reads a client's credit: risk from the chain, balances from its state. */
export class CreditTrack {
  constructor(
    private readonly oracle: ChainOracle,
    private readonly expandRisk: bigint = DEFAULT_EXPAND_RISK,
  ) {
    if (expandRisk < 0n) throw new RangeError('expandRisk must not be negative');
  }

  async clientRisk(client: Address): Promise<ClientRisk> {
    const [collateral, totalSubscriptions] = await Promise.all([
      this.oracle.collateral(client),
      this.oracle.totalSubscriptions(client),
    ]);
    return { collateral, totalSubscriptions, expandRisk: this.expandRisk };
  }

  /** Reads the client's balances; call inside ClientStore.withClient so they are consistent. */
  async snapshot(state: ClientState, cap: bigint): Promise<CreditSnapshot> {
    const [unspent, unmarked, locked] = await Promise.all([
      state.vouchers.unspentAtoms(),
      state.costs.unmarked(),
      state.costs.locked(),
    ]);
    return creditOf({ unspent, unmarked, locked }, cap);
  }
}
