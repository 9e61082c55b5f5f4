import type { VendorSummary } from '../../../messaging/popup-api';
import type { PopupHandler } from '../../handler';
import { empty } from '../schemas';
import { vendorSummary } from './vendor-summary';

/** Vendors the user approved at some point (a rejection alone creates no budget, so is not listed). */
export const vendorsList: PopupHandler<'vendors.list'> = {
  input: empty,
  readOnly: true,
  async run(_input, services) {
    const out: VendorSummary[] = [];
    for (const approval of await services.approvals.all()) {
      const state = await services.voucherState.get(approval.key);
      if (state) out.push(vendorSummary(approval, state));
    }
    return out;
  },
};
