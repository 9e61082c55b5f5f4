import type { VendorLimits } from '../../payer/voucher-state/types';
import { WalletError } from '../errors';
import { refreshBadge, vendorsChanged } from '../notices';
import type { Services } from '../services';

/**
 * Settles one pending approval: removing it and storing the decision happen under one lock, so
 * a click in the window and the window closing at the same moment decide it once, and a page
 * polling meanwhile never opens a second window. The asking page learns the outcome on its next
 * poll of page.paymentRequired.
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
  await refreshBadge(services);
  vendorsChanged(services);
  if (entry.windowId !== undefined) await services.platform.windows.remove(entry.windowId).catch(() => undefined);
}
