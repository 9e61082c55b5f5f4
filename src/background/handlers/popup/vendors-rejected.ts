import type { RejectedVendor } from '../../../messaging/popup-api';
import type { PopupHandler } from '../../handler';
import { empty } from '../schemas';

/** Vendors declined for some pages (a closed approval window counts), so the user can undo that. */
export const vendorsRejected: PopupHandler<'vendors.rejected'> = {
  input: empty,
  readOnly: true,
  async run(_input, services) {
    const out: RejectedVendor[] = [];
    for (const approval of await services.approvals.all()) {
      if (approval.rejectedOrigins.length === 0) continue;
      out.push({
        vendorKey: approval.vendorKeyId,
        vendor: approval.key.vendor,
        vendorOrigin: approval.vendorOrigin,
        rejectedOrigins: approval.rejectedOrigins,
      });
    }
    return out;
  },
};
