import type { PaidRoute } from './paywall';

/**
 * Which requests are paid, for the framework adapters: a table keyed "METHOD /path" (exact
 * path), or a function of the request (its approxCost may depend on the query, e.g. the size
 * asked for). A request no route matches is free and passes through.
 */
export type PaidRoutes = Record<string, PaidRoute> | ((request: Request) => PaidRoute | undefined);

export function selectPaidRoute(routes: PaidRoutes, request: Request, method: string, path: string): PaidRoute | undefined {
  return typeof routes === 'function' ? routes(request) : routes[`${method} ${path}`];
}
