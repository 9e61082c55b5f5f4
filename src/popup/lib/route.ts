import { APPROVAL_ROUTE_PREFIX } from '../../messaging/names';

export type Route = { name: 'main' } | { name: 'approval'; id: string };

export function parseRoute(hash: string): Route {
  if (hash.startsWith(APPROVAL_ROUTE_PREFIX)) {
    const id = decodeURIComponent(hash.slice(APPROVAL_ROUTE_PREFIX.length));
    if (id) return { name: 'approval', id };
  }
  return { name: 'main' };
}

export function approvalHash(id: string): string {
  return `${APPROVAL_ROUTE_PREFIX}${encodeURIComponent(id)}`;
}
