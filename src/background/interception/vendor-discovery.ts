import { getAddress, isAddress } from 'viem';
import type { PaymentRequirements } from '../../protocol';
import { DISCOVERY_PATH } from '../../protocol/constants';
import type { Services } from '../services';

interface Identity {
  vendor: string;
  chainId: bigint;
  verifyingContract: string;
  asset: { symbol: string; decimals: number };
}

function identityOf(json: unknown): Identity | null {
  const doc = json as Record<string, unknown> | null;
  const asset = doc?.asset as Record<string, unknown> | undefined;
  if (typeof doc?.vendor !== 'string' || !isAddress(doc.vendor)) return null;
  if (typeof doc.verifyingContract !== 'string' || !isAddress(doc.verifyingContract)) return null;
  if (typeof doc.chainId !== 'string' || !/^[0-9]{1,20}$/.test(doc.chainId)) return null;
  if (typeof asset?.symbol !== 'string' || typeof asset.decimals !== 'number') return null;
  return {
    vendor: getAddress(doc.vendor),
    chainId: BigInt(doc.chainId),
    verifyingContract: getAddress(doc.verifyingContract),
    asset: { symbol: asset.symbol, decimals: asset.decimals },
  };
}

/**
 * The vendor's own discovery document (docs/protocol.md §11), fetched by the worker from the
 * origin the browser saw answer 402, once per worker life. Null when it serves none.
 */
function discoveryOf(services: Services, vendorOrigin: string): Promise<Identity | null> {
  const cache = services.interception.discovery as Map<string, Promise<Identity | null>>;
  let found = cache.get(vendorOrigin);
  if (!found) {
    found = services.platform
      .fetch(`${vendorOrigin}${DISCOVERY_PATH}`, { credentials: 'omit', cache: 'no-store' })
      .then(async (response) => (response.ok ? identityOf(await response.json()) : null))
      .catch(() => null);
    cache.set(vendorOrigin, found);
    // A vendor down now may serve it later: only a document found is kept.
    void found.then((identity) => identity ?? cache.delete(vendorOrigin));
  }
  return found;
}

/**
 * Whether the 402 body a page relayed describes the vendor at `vendorOrigin` as that vendor
 * describes itself: same address, chain, contract and asset. A page relaying another vendor's
 * body (to have the user approve a trusted name for the attacker's origin, or the reverse) is
 * refused. Returns why not, or null when it matches.
 */
export async function identityMismatch(services: Services, vendorOrigin: string, requirements: PaymentRequirements): Promise<string | null> {
  const identity = await discoveryOf(services, vendorOrigin);
  if (!identity) return `${vendorOrigin} serves no discovery document (${DISCOVERY_PATH})`;
  if (identity.vendor !== getAddress(requirements.vendor)) return `the 402 names vendor ${requirements.vendor}; ${vendorOrigin} is ${identity.vendor}`;
  if (identity.chainId !== requirements.chainId || identity.verifyingContract !== getAddress(requirements.verifyingContract)) {
    return `the 402 names another chain or contract than ${vendorOrigin} does`;
  }
  if (identity.asset.symbol !== requirements.asset.symbol || identity.asset.decimals !== requirements.asset.decimals) {
    return `the 402 names another asset than ${vendorOrigin} does`;
  }
  return null;
}
