import { useEffect, useState } from 'react';
import { APPROVAL_ROUTE_PREFIX } from '../../messaging/names';

export type Route = { name: 'main' } | { name: 'approval'; id: string };

export function parseRoute(hash: string): Route {
  if (hash.startsWith(APPROVAL_ROUTE_PREFIX)) {
    const id = decodeURIComponent(hash.slice(APPROVAL_ROUTE_PREFIX.length));
    if (id) return { name: 'approval', id };
  }
  return { name: 'main' };
}

/** The route in location.hash, following hashchange. */
export function useHashRoute(): [Route, (hash: string) => void] {
  const [hash, setHash] = useState(() => window.location.hash);
  useEffect(() => {
    const onChange = () => setHash(window.location.hash);
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  const navigate = (next: string) => {
    window.location.hash = next;
    setHash(window.location.hash);
  };
  return [parseRoute(hash), navigate];
}

export function approvalHash(id: string): string {
  return `${APPROVAL_ROUTE_PREFIX}${encodeURIComponent(id)}`;
}
