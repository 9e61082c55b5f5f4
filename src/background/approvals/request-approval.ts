import type { PendingApproval } from '../../messaging/popup-api';
import { APPROVAL_ROUTE_PREFIX, POPUP_PAGE } from '../../messaging/names';
import type { PaymentRequirements, Prices } from '../../protocol';
import type { KnownAsset } from '../../payer/asset-registry';
import { vendorKeyId, type VendorKey } from '../../payer/vendor-key';
import { refreshBadge } from '../notices';
import type { Services } from '../services';
import type { PendingEntry } from './pending-approvals';

export const APPROVAL_WINDOW = { width: 360, height: 600 } as const;
/** Proposed budget: this many vouchers, up to the asset's default budget. */
export const PROPOSED_BUDGET_VOUCHERS = 100n;
/**
 * A page cannot flood the user by inventing vendors: at most this many of its approvals wait at
 * once (the rest are refused), and only one of them has a window at a time.
 */
export const MAX_PENDING_PER_PAGE = 3;

/** What the approval is for: a vendor seen the first time, or an approved one that raised its rates. */
export type ApprovalReason = { kind: 'new_vendor' } | { kind: 'prices_raised'; approved: Prices };

/** What a window for a vendor paid in an asset the wallet does not know shows amounts in. */
const RAW_ATOMS: KnownAsset = { symbol: 'atoms', decimals: 0, defaults: { budgetAtoms: 0n, voucherAtoms: 0n } };

/**
 * The limits the approval form proposes: the wallet's defaults for the asset bound them, and the
 * vendor's suggestion only ever lowers them (a vendor suggesting 10^30 atoms is proposed the
 * default voucher, not a budget of 10^32).
 */
export function proposedLimits(requirements: PaymentRequirements, asset: KnownAsset): { budgetAtoms: bigint; voucherAtoms: bigint } {
  const { approxCost } = requirements.prices;
  const wanted = requirements.suggestedVoucherAtoms > approxCost ? requirements.suggestedVoucherAtoms : approxCost;
  const voucherAtoms = min(wanted, asset.defaults.voucherAtoms);
  const budgetAtoms = min(PROPOSED_BUDGET_VOUCHERS * voucherAtoms, asset.defaults.budgetAtoms);
  return { budgetAtoms: budgetAtoms > voucherAtoms ? budgetAtoms : voucherAtoms, voucherAtoms };
}

/**
 * Finds or creates the pending approval for (vendor, page) and opens its window when it is its
 * page's turn. Repeated asks find the same entry and open nothing new. Null when the user decided
 * this vendor for this page meanwhile: the caller reads the decision again. `known` null: the
 * wallet knows no asset for the vendor's domain, and the window only tells the user so.
 */
export async function requestApproval(
  services: Services,
  key: VendorKey,
  requirements: PaymentRequirements,
  vendorOrigin: string,
  pageOrigin: string,
  known: KnownAsset | null,
  reason: ApprovalReason = { kind: 'new_vendor' },
): Promise<string | null> {
  const asset = known ?? RAW_ATOMS;
  const id = vendorKeyId(key);
  const existing = await services.voucherState.get(key);
  const proposed = proposedLimits(requirements, asset);
  const undecided =
    reason.kind === 'new_vendor'
      ? async () => (await services.approvals.decision(id, vendorOrigin, pageOrigin)) === 'unknown'
      : async () => (await services.voucherState.get(key))?.hold?.reason === 'prices_raised';
  // The per-page cap is checked inside the same lock as the insert (a flood of parallel asks
  // cannot all pass a check made before it).
  const found = await services.pending.findOrAdd(
    id,
    pageOrigin,
    (state) => {
      const { defaults: _defaults, ...shown } = asset;
      const approval: PendingApproval = {
        id: crypto.randomUUID(),
        pageOrigin,
        vendorOrigin,
        vendor: key.vendor,
        chainId: key.chainId,
        verifyingContract: key.verifyingContract,
        asset: shown,
        prices: requirements.prices,
        suggestedVoucherAtoms: requirements.suggestedVoucherAtoms,
        // A vendor approved before (for another page, or at lower prices) already has a budget: propose keeping it.
        proposedBudgetAtoms: existing?.budget.limitAtoms ?? proposed.budgetAtoms,
        proposedVoucherAtoms: existing?.maxVoucherAtoms ?? proposed.voucherAtoms,
        createdAt: services.platform.now(),
      };
      if (reason.kind === 'prices_raised') approval.previousPrices = reason.approved;
      if (!known) approval.unknownAsset = true;
      return { approval, vendorKeyId: id, key, state };
    },
    undecided,
    MAX_PENDING_PER_PAGE,
  );
  if (found === null) return null;
  const { entry, created } = found;
  if (created) {
    if (entry.state === 'opening') await openApprovalWindow(services, entry);
    await refreshBadge(services);
  }
  return entry.approval.id;
}

/** The approval page's URL for one pending approval. */
export function approvalUrl(services: Services, id: string): string {
  return services.platform.getURL(`${POPUP_PAGE}${APPROVAL_ROUTE_PREFIX}${id}`);
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
  const opening = services.interception.openingApprovals;
  opening.add(entry.approval.id);
  try {
    const url = approvalUrl(services, entry.approval.id);
    const window = await services.platform.windows.create({ url, type: 'popup', focused: true, ...APPROVAL_WINDOW });
    if (window.id !== undefined) await services.pending.setWindow(entry.approval.id, window.id);
  } finally {
    opening.delete(entry.approval.id);
  }
}

function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}
