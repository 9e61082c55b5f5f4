import type { Engine } from '../../engine';
import type { Connection } from '../../paywall/adapters/node-http';
import type { Paywall } from '../../paywall';
import type { RedemptionStore } from '../../chain/redemption-store';
import type { VendorConfig } from '../config';
import type { DemoFaucet } from '../demo-faucet';
import type { ChargeStats } from '../stats';

/** What every route handler may use; passed in, so routes hold no globals. */
export interface VendorContext {
  config: VendorConfig;
  engine: Engine;
  paywall: Paywall;
  stats: ChargeStats;
  /** Requests that ended in a 500: genuine server faults only, so tests can prove bad input never lands there. */
  faults: { count: number };
  /** On a chain: what the redeemer submitted and what was mined. */
  redemptions: RedemptionStore | null;
  /** On the local chain only. */
  faucet: Pick<DemoFaucet, 'fund'> | null;
}

export type RouteHandler = (request: Request, url: URL, ctx: VendorContext, connection: Connection) => Promise<Response>;
