import { jsonResponse } from '../http';
import type { RouteHandler } from './context';

/**
 * GET /demo/stats — the demo page's public panel: what this vendor charged (this process) and,
 * on a chain, what it redeemed and what waits to be, in total over all clients (no client is
 * named: per-client figures stay on the loopback-only /admin routes). `faucet` says whether
 * POST /demo/faucet exists here (the local chain only), so the page shows its button only then.
 */
export const demoStats: RouteHandler = async (_request, _url, ctx) => {
  const { totalCharged, totalRequests } = ctx.stats.snapshot();
  let redemption: { redeemed: bigint; pending: bigint } | null = null;
  if (ctx.redemptions) {
    const clients = await ctx.redemptions.totals();
    redemption = {
      redeemed: clients.reduce((sum, each) => sum + each.redeemed, 0n),
      pending: clients.reduce((sum, each) => sum + each.pending, 0n),
    };
  }
  return jsonResponse(200, {
    vendor: ctx.paywall.terms.vendor,
    asset: ctx.paywall.terms.asset,
    charged: totalCharged,
    paidRequests: totalRequests,
    chain: ctx.redemptions === null ? null : { local: ctx.faucet !== null },
    faucet: ctx.faucet !== null,
    redemption,
  });
};
