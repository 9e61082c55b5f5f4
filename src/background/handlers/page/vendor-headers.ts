import type { VendorHeader } from '../../../messaging/page-api';
import { encodeVoucherHeader } from '../../../protocol';
import { currentWindow } from '../../../payer/voucher-window';
import type { VendorApproval } from '../../approvals/vendor-approvals';
import type { Services } from '../../services';

/** The header a request to this vendor carries now, from vouchers already signed (no new signature). */
export async function vendorHeader(services: Services, approval: VendorApproval): Promise<VendorHeader | null> {
  const state = await services.voucherState.get(approval.key);
  if (!state) return null;
  const window = currentWindow(state);
  const newest = window[window.length - 1];
  if (!newest) return null;
  return { vendorOrigin: approval.vendorOrigin, header: encodeVoucherHeader(window), newestNonce: newest.nonce };
}

/**
 * Headers for every vendor approved for this page; none while payments are paused or the wallet
 * is locked (a signed header pays as surely as a new signature).
 */
export async function headersForPage(services: Services, pageOrigin: string): Promise<VendorHeader[]> {
  if ((await services.settings.get()).paused) return [];
  if ((await services.vault.state()) !== 'unlocked') return [];
  const out: VendorHeader[] = [];
  for (const approval of await services.approvals.approvedFor(pageOrigin)) {
    const header = await vendorHeader(services, approval);
    if (header) out.push(header);
  }
  return out;
}
