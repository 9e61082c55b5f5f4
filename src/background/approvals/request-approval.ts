import type { PendingApproval } from '../../messaging/popup-api';
import { APPROVAL_ROUTE_PREFIX } from '../../messaging/names';
import type { PaymentRequirements } from '../../protocol';
import { vendorKeyId, type VendorKey } from '../../payer/vendor-key';
import { refreshApprovalsBadge } from '../notices';
import type { Services } from '../services';
import type { PendingEntry } from './pending-approvals';

export const APPROVAL_WINDOW = { width: 360, height: 600 } as const;
/** Proposed budget: this many suggested vouchers. */
export const PROPOSED_BUDGET_VOUCHERS = 100n;
/**
 * A page cannot flood the user by inventing vendors: at most this many of its approvals wait at
 * once (the rest are refused), and only one of them has a window at a time.
 */
export const MAX_PENDING_PER_PAGE = 3;

/**
 * Finds or creates the pending approval for (vendor, page) and opens its window when it is its
 * page's turn. Repeated asks find the same entry and open nothing new. Null when the user decided
 * this vendor for this page meanwhile: the caller reads the decision again.
 */
export async function requestApproval(
  services: Services,
  key: VendorKey,
  requirements: PaymentRequirements,
  vendorOrigin: string,
  pageOrigin: string,
): Promise<string | null> {
  const id = vendorKeyId(key);
  const existing = await services.voucherState.get(key);
  const voucherAtoms =
    requirements.suggestedVoucherAtoms > requirements.prices.approxCost
      ? requirements.suggestedVoucherAtoms
      : requirements.prices.approxCost;
  const undecided = async () => (await services.approvals.decision(id, vendorOrigin, pageOrigin)) === 'unknown';
  const found = await services.pending.findOrAdd(
    id,
    pageOrigin,
    (state) => {
      const approval: PendingApproval = {
        id: crypto.randomUUID(),
        pageOrigin,
        vendorOrigin,
        vendor: key.vendor,
        chainId: key.chainId,
        verifyingContract: key.verifyingContract,
        asset: requirements.asset,
        prices: requirements.prices,
        // A vendor approved for another page already has a budget: propose keeping it.
        proposedBudgetAtoms: existing?.budget.limitAtoms ?? PROPOSED_BUDGET_VOUCHERS * voucherAtoms,
        proposedVoucherAtoms: existing?.maxVoucherAtoms ?? voucherAtoms,
        createdAt: services.platform.now(),
      };
      return { approval, vendorKeyId: id, key, state };
    },
    undecided,
    MAX_PENDING_PER_PAGE,
  );
  if (found === null) return null;
  const { entry, created } = found;
  if (created) {
    if (entry.state === 'opening') await openApprovalWindow(services, entry);
    await refreshApprovalsBadge(services);
  }
  return entry.approval.id;
}

/** The approval page's URL for one pending approval. */
export function approvalUrl(services: Services, id: string): string {
  return services.platform.getURL(`src/popup/index.html${APPROVAL_ROUTE_PREFIX}${id}`);
}

/** The approval id an approval window's URL names, or null for any other page. */
export function approvalIdOf(services: Services, url: string): string | null {
  const prefix = approvalUrl(services, '');
  return url.startsWith(prefix) && url.length > prefix.length ? url.slice(prefix.length) : null;
}

/**
 * Opens the window of an `opening` entry and stores which it is. A worker stopped between the
 * two steps leaves an `opening` entry that reconcileApprovals binds to its window (or opens).
 */
export async function openApprovalWindow(services: Services, entry: PendingEntry): Promise<void> {
  const opening = services.network.openingApprovals;
  opening.add(entry.approval.id);
  try {
    const url = approvalUrl(services, entry.approval.id);
    const window = await services.platform.windows.create({ url, type: 'popup', focused: true, ...APPROVAL_WINDOW });
    if (window.id !== undefined) await services.pending.setWindow(entry.approval.id, window.id);
  } finally {
    opening.delete(entry.approval.id);
  }
}
