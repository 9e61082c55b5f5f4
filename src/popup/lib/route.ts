import { APPROVAL_ROUTE_PREFIX, WELCOME_ROUTE } from '../../messaging/names';

/** main: the popup; approval: the approval window; welcome: the full tab the worker opens for a first run or an unlock. */
export type Route = { name: 'main' } | { name: 'approval'; id: string } | { name: 'welcome' };

export function parseRoute(hash: string): Route {
  if (hash.startsWith(APPROVAL_ROUTE_PREFIX)) {
    const id = decodeURIComponent(hash.slice(APPROVAL_ROUTE_PREFIX.length));
    if (id) return { name: 'approval', id };
  }
  if (hash === WELCOME_ROUTE) return { name: 'welcome' };
  return { name: 'main' };
}

export function approvalHash(id: string): string {
  return `${APPROVAL_ROUTE_PREFIX}${encodeURIComponent(id)}`;
}
