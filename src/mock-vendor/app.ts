import type { IncomingMessage, ServerResponse } from 'node:http';
import { DISCOVERY_PATH } from '../protocol';
import { HttpError, answerPreflight, applyCors, echoClientTxRef, sendError, sendJson } from './http';
import { adminClient, adminStats } from './routes/admin';
import type { RouteHandler, VendorContext } from './routes/context';
import { paidData } from './routes/data';
import { demoPage } from './routes/demo-page';
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
  'GET /admin/stats': adminStats,
};

function route(method: string, path: string): RouteHandler | undefined {
  const exact = EXACT[`${method} ${path}`];
  if (exact) return exact;
  if (method === 'GET' && path.startsWith('/admin/clients/')) return adminClient;
  return undefined;
}

/** The request listener: CORS, routing, and the one place errors become responses. */
export function createRequestListener(ctx: VendorContext) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      applyCors(res);
      echoClientTxRef(req, res);
      if (req.method === 'OPTIONS') return answerPreflight(res);
      let url: URL;
      try {
        url = new URL(req.url ?? '/', 'http://vendor.invalid');
      } catch {
        throw new HttpError(400, 'invalid_url', 'the request target is not a URL path');
      }
      const handler = route(req.method ?? 'GET', url.pathname);
      if (!handler) throw new HttpError(404, 'not_found', `no route ${req.method} ${url.pathname}`);
      await handler(req, res, url, ctx);
    } catch (error) {
      if (error instanceof HttpError) {
        if (!res.headersSent) sendError(res, error);
        else res.destroy();
        return;
      }
      ctx.faults.count += 1;
      console.error('vendor: internal error', error);
      if (!res.headersSent) sendJson(res, 500, { error: { code: 'internal_error', message: 'the vendor failed' } });
      else res.destroy();
    }
  };
}
