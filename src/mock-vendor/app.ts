import { DISCOVERY_PATH } from '../protocol';
import type { Connection } from '../paywall/adapters/node-http';
import { applyCors, preflightResponse } from '../paywall/cors';
import { HttpError, errorResponse, jsonResponse } from './http';
import { adminClient, adminRedemptions, adminStats } from './routes/admin';
import type { RouteHandler, VendorContext } from './routes/context';
import { paidData } from './routes/data';
import { demoFaucet } from './routes/demo-faucet';
import { demoPage } from './routes/demo-page';
import { demoStats, demoStatsLive } from './routes/demo-stats';
import { discovery } from './routes/discovery';
import { freeEcho, paidEcho } from './routes/echo';
import { mcpRoute } from './routes/mcp';
import { paidStream } from './routes/stream';

const EXACT: Record<string, RouteHandler> = {
  'GET /': demoPage,
  [`GET ${DISCOVERY_PATH}`]: discovery,
  'GET /api/echo': paidEcho,
  'GET /free/echo': freeEcho,
  'GET /api/data': paidData,
  'GET /api/stream': paidStream,
  'POST /mcp': mcpRoute,
  'GET /mcp': mcpRoute,
  'DELETE /mcp': mcpRoute,
  'GET /admin': adminRedemptions,
  'GET /admin/stats': adminStats,
  'POST /demo/faucet': demoFaucet,
  'GET /demo/stats': demoStats,
  'GET /demo/stats/live': demoStatsLive,
};

function route(method: string, path: string): RouteHandler | undefined {
  const exact = EXACT[`${method} ${path}`];
  if (exact) return exact;
  if (method === 'GET' && path.startsWith('/admin/clients/')) return adminClient;
  return undefined;
}

/** The mock vendor as one Fetch handler: routing, CORS on every answer, and the one place errors become responses. */
export function createVendorHandler(ctx: VendorContext) {
  return async (request: Request, connection: Connection): Promise<Response> => {
    if (request.method === 'OPTIONS') return preflightResponse(request);
    let response: Response;
    try {
      const url = new URL(request.url);
      const handler = route(request.method, url.pathname);
      if (!handler) throw new HttpError(404, 'app_not_found', `no route ${request.method} ${url.pathname}`);
      response = await handler(request, url, ctx, connection);
    } catch (error) {
      if (error instanceof HttpError) {
        response = errorResponse(error);
      } else {
        ctx.faults.count += 1;
        console.error('vendor: internal error', error);
        response = jsonResponse(500, { error: { code: 'app_internal_error', message: 'the vendor failed' } });
      }
    }
    applyCors(request, response.headers);
    return response;
  };
}
