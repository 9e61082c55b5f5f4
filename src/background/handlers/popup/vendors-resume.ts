import { z } from 'zod';
import { WalletError } from '../../errors';
import type { PopupHandler } from '../../handler';
import { vendorsChanged } from '../../notices';
import { vendorKeyId } from '../schemas';
import { vendorSummary } from './vendor-summary';

/**
 * The user resumes a vendor whose signing was stopped: after an overcharge the hold simply ends
 * (the next one stops it again); after a raise, the new prices become the approved ones.
 */
export const vendorsResume: PopupHandler<'vendors.resume'> = {
  input: z.strictObject({ vendorKey: vendorKeyId }),
  async run({ vendorKey }, services) {
    const approval = await services.approvals.get(vendorKey);
    const state = approval && (await services.voucherState.get(approval.key));
    if (!approval || !state) throw new WalletError('not_found', 'no such vendor');
    const { hold } = state;
    if (hold?.reason === 'prices_raised' && state.asset) {
      await services.voucherState.approveTerms(approval.key, { prices: hold.offered, asset: state.asset });
    } else if (hold) {
      await services.voucherState.setHold(approval.key, null);
    }
    vendorsChanged(services);
    return vendorSummary(approval, (await services.voucherState.get(approval.key))!);
  },
};
