import type { MiddlewareHandler } from 'hono';
import { preflightResponse } from '../cors';
import { selectPaidRoute, type PaidRoutes } from '../paid-routes';
import type { Paywall } from '../paywall';

/**
 * Hono: `app.use(paymentMiddleware(paywall, { 'GET /api/echo': { approxCost: 100n } }))`. Hono
 * is on the Fetch API already: a paid request runs the rest of the chain as the paywall's
 * handler and its Response is charged (receipt header, or the final event of a
 * text/event-stream). Unpaid routes pass through untouched.
 */
export function paymentMiddleware(paywall: Paywall, routes: PaidRoutes): MiddlewareHandler {
  return async (c, next) => {
    const request = c.req.raw;
    const preflightFor = request.method === 'OPTIONS' ? request.headers.get('access-control-request-method') : null;
    const route = selectPaidRoute(routes, request, preflightFor ?? request.method, c.req.path);
    if (route === undefined) return next();
    const response =
      preflightFor !== null
        ? preflightResponse(request)
        : await paywall.handle(request, route, async () => {
            await next();
            return c.res;
          });
    // Cleared first: assigning over a response copies the old one's headers onto the new one.
    c.res = undefined;
    c.res = response;
  };
}
