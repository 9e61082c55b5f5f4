import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Engine } from '../../engine';
import type { VendorConfig } from '../config';
import type { PaymentGate } from '../payment-gate';
import type { VendorTerms } from '../requirements';
import type { ChargeStats } from '../stats';

/** What every route handler may use; passed in, so routes hold no globals. */
export interface VendorContext {
  config: VendorConfig;
  terms: VendorTerms;
  engine: Engine;
  gate: PaymentGate;
  stats: ChargeStats;
  /** Requests that ended in a 500: genuine server faults only, so tests can prove bad input never lands there. */
  faults: { count: number };
}

export type RouteHandler = (req: IncomingMessage, res: ServerResponse, url: URL, ctx: VendorContext) => Promise<void>;
