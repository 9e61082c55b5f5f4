import type { VendorHeader } from '../../payer/paying-fetch';
import { encodeVoucherHeader } from '../../protocol';
import { currentWindow } from '../../payer/voucher-window';
import type { VendorApproval } from '../approvals/vendor-approvals';
import type { Services } from '../services';

/** The header a request to this vendor carries now, from vouchers already signed (no new signature). */
export async function vendorHeader(services: Services, approval: VendorApproval): Promise<VendorHeader | null> {
  const state = await services.voucherState.get(approval.key);
  if (!state) return null;
  const window = currentWindow(state);
  const newest = window[window.length - 1];
  if (!newest) return null;
  return { vendorOrigin: approval.vendorOrigin, header: encodeVoucherHeader(window), newestNonce: newest.nonce };
}
