import type { PendingApproval } from '../../messaging/popup-api';
import { APPROVAL_ROUTE_PREFIX, POPUP_PAGE } from '../../messaging/names';
import type { PaymentRequirements } from '../../protocol';
import { vendorKeyId, type VendorKey } from '../../payer/vendor-key';
import { WalletError } from '../errors';
import { refreshBadge } from '../notices';
import type { Services } from '../services';

export const APPROVAL_WINDOW = { width: 360, height: 600 } as const;
/** Proposed budget: this many suggested vouchers. */
export const PROPOSED_BUDGET_VOUCHERS = 100n;
/** A page cannot flood the user with approval windows by inventing vendors. */
export const MAX_PENDING_PER_PAGE = 3;

/**
 * Finds or creates the pending approval for (vendor, page) and opens its window once. Repeated
 * polls from the page find the same entry and open nothing new. Null when the user decided this
 * vendor for this page meanwhile: the caller reads the decision again.
 */
export async function requestApproval(
  services: Services,
  key: VendorKey,
  requirements: PaymentRequirements,
  vendorOrigin: string,
  pageOrigin: string,
): Promise<string | null> {
  const id = vendorKeyId(key);
  const waiting = (await services.pending.list()).filter((entry) => entry.approval.pageOrigin === pageOrigin);
  if (!waiting.some((entry) => entry.vendorKeyId === id) && waiting.length >= MAX_PENDING_PER_PAGE) {
    throw new WalletError('too_many_approvals', 'this page already has approvals waiting for the user');
  }
  const existing = await services.voucherState.get(key);
  const voucherAtoms =
    requirements.suggestedVoucherAtoms > requirements.prices.approxCost
      ? requirements.suggestedVoucherAtoms
      : requirements.prices.approxCost;
  const undecided = async () => (await services.approvals.decision(id, vendorOrigin, pageOrigin)) === 'unknown';
  const found = await services.pending.findOrAdd(id, pageOrigin, () => {
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
    return { approval, vendorKeyId: id, key };
  }, undecided);
  if (found === null) return null;
  const { entry, created } = found;
  if (created) {
    const url = services.platform.getURL(`${POPUP_PAGE}${APPROVAL_ROUTE_PREFIX}${entry.approval.id}`);
    const window = await services.platform.windows.create({ url, type: 'popup', focused: true, ...APPROVAL_WINDOW });
    if (window.id !== undefined) await services.pending.setWindow(entry.approval.id, window.id);
    await refreshBadge(services);
  }
  return entry.approval.id;
}
