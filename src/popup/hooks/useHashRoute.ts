import { useEffect, useState } from 'react';
import { parseRoute, type Route } from '../lib/route';

export { approvalHash, parseRoute, type Route } from '../lib/route';

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
