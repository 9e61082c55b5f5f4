import { jsonResponse, toJson } from '../http';
import type { RouteHandler, VendorContext } from './context';

/** How often the live feed looks again, and how long one connection lasts (EventSource reconnects by itself). */
export const LIVE_STATS_INTERVAL_MS = 1_000;
export const LIVE_STATS_MAX_MS = 10 * 60_000;
const encoder = new TextEncoder();

/**
 * What the demo page's earnings panel shows: what this vendor charged (this process) and, on a
 * chain, what it redeemed and what waits to be, in total over all clients (no client is named:
 * per-client figures stay on the loopback-only /admin routes). `faucet` says whether
 * POST /demo/faucet exists here (the vendor's own local chain), so the page shows its step only then.
 */
export async function demoStatsOf(ctx: VendorContext) {
  const { totalCharged, totalRequests } = ctx.stats.snapshot();
  let redemption: { redeemed: bigint; pending: bigint } | null = null;
  if (ctx.redemptions) {
    const clients = await ctx.redemptions.totals();
    redemption = {
      redeemed: clients.reduce((sum, each) => sum + each.redeemed, 0n),
      pending: clients.reduce((sum, each) => sum + each.pending, 0n),
    };
  }
  return {
    vendor: ctx.paywall.terms.vendor,
    asset: ctx.paywall.terms.asset,
    charged: totalCharged,
    paidRequests: totalRequests,
    chain: ctx.redemptions === null ? null : { local: ctx.faucet !== null },
    faucet: ctx.faucet !== null,
    redemption,
  };
}

/** GET /demo/stats — the panel's figures once, as JSON (public). */
export const demoStats: RouteHandler = async (_request, _url, ctx) => jsonResponse(200, await demoStatsOf(ctx));

/**
 * GET /demo/stats/live — the same figures as server-sent events (`event: stats`), sent at once and
 * then whenever they change, for LIVE_STATS_MAX_MS. The page listens with EventSource rather than
 * polling with fetch: a page's fetch calls to an approved vendor are the user's activity in the
 * wallet (free ones included), and the panel's own refreshes are not.
 */
export const demoStatsLive: RouteHandler = async (_request, _url, ctx) => {
  let timer: ReturnType<typeof setInterval> | undefined;
  let last = '';
  const stop = () => clearInterval(timer);
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      const started = Date.now();
      const send = async () => {
        const json = toJson(await demoStatsOf(ctx));
        if (json !== last) controller.enqueue(encoder.encode(`event: stats\ndata: ${json}\n\n`));
        last = json;
      };
      await send();
      timer = setInterval(() => {
        if (Date.now() - started >= LIVE_STATS_MAX_MS) {
          stop();
          controller.close();
          return;
        }
        // A stream the client left (or the server cut) is cancelled: the timer is gone before this runs again.
        send().catch(() => {
          stop();
          try {
            controller.error(new Error('the stats feed failed'));
          } catch {
            // already closed or cancelled
          }
        });
      }, LIVE_STATS_INTERVAL_MS);
    },
    cancel: stop,
  });
  return new Response(body, {
    headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' },
  });
};
