import type { VendorLimits } from '../../payer/voucher-state/types';
import { WalletError } from '../errors';
import { refreshBadge, vendorsChanged } from '../notices';
import type { Services } from '../services';
import { approvalIdOf, openApprovalWindow } from './request-approval';

/**
 * Settles one pending approval: removing it and storing the decision happen under one lock, so
 * a click in the window and the window closing at the same moment decide it once, and a page
 * asking meanwhile never opens a second window. The page's held question is woken; the page's
 * next queued approval gets its window.
 */
export async function decideApproval(services: Services, id: string, limits: VendorLimits | null): Promise<void> {
  if (limits && (await services.pending.get(id))?.approval.unknownAsset) {
    throw new WalletError('unknown_asset', 'the wallet knows no asset for this vendor: it can only be declined');
  }
  const entry = await services.pending.settle(id, async ({ approval, key, vendorKeyId }) => {
    if (limits) {
      await services.voucherState.ensure(key, limits);
      await services.voucherState.setLimits(key, limits);
      // The prices shown are the ones approved: a later 402 asking more stops signing again.
      await services.voucherState.approveTerms(key, { prices: approval.prices, asset: approval.asset });
      await services.approvals.approve(key, vendorKeyId, approval.vendorOrigin, approval.pageOrigin);
    } else {
      await services.approvals.reject(key, vendorKeyId, approval.vendorOrigin, approval.pageOrigin);
    }
  });
  if (!entry) throw new WalletError('not_found', 'no such pending approval (already decided?)');
  services.decisions.decided(id);
  if (entry.windowId !== undefined) await services.platform.windows.remove(entry.windowId).catch(() => undefined);
  const next = await services.pending.promoteNext(entry.approval.pageOrigin);
  if (next) await openApprovalWindow(services, next);
  await refreshBadge(services);
  vendorsChanged(services);
}

/**
 * Makes every pending approval's window match the browser's, after a worker start or a window
 * closing: an entry whose window is open is bound to it; one whose window is gone (`shown`, or
 * `opening` when a window just closed) is rejected, as a closed window always is; an `opening`
 * one with no window (the worker stopped before opening it) gets its window; a page whose
 * approvals all wait in the queue gets its first one shown.
 */
export async function reconcileApprovals(services: Services, closedWindowId?: number): Promise<void> {
  const open = new Map<string, number>();
  for (const tab of await services.platform.extensionTabs()) {
    const id = approvalIdOf(services, tab.url);
    if (id !== null && tab.windowId !== closedWindowId) open.set(id, tab.windowId);
  }
  const pages = new Set<string>();
  for (const entry of await services.pending.list()) {
    const id = entry.approval.id;
    pages.add(entry.approval.pageOrigin);
    if (services.interception.openingApprovals.has(id)) continue;
    const live = open.get(id);
    if (live !== undefined) {
      if (entry.windowId !== live) await services.pending.setWindow(id, live);
      continue;
    }
    if (entry.state === 'queued') continue;
    if (entry.state === 'shown' || closedWindowId !== undefined) await decideApproval(services, id, null).catch(() => undefined);
    else await openApprovalWindow(services, entry);
  }
  for (const page of pages) {
    const next = await services.pending.promoteNext(page);
    if (next) await openApprovalWindow(services, next);
  }
}
