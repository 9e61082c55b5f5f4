import { z } from 'zod';
import { WalletError } from '../../errors';
import type { PopupHandler } from '../../handler';
import { atoms, positiveAtoms, vendorKeyId } from '../schemas';
import { vendorsChanged } from '../../notices';
import { vendorSummary } from './vendor-summary';

export const vendorsSetBudget: PopupHandler<'vendors.setBudget'> = {
  input: z
    .strictObject({ vendorKey: vendorKeyId, budgetAtoms: atoms, maxVoucherAtoms: positiveAtoms })
    .refine((value) => value.maxVoucherAtoms <= value.budgetAtoms || value.budgetAtoms === 0n, {
      message: 'a voucher cannot be larger than the budget',
    }),
  async run({ vendorKey, budgetAtoms, maxVoucherAtoms }, services) {
    const approval = await services.approvals.get(vendorKey);
    const existing = approval && (await services.voucherState.get(approval.key));
    if (!approval || !existing) throw new WalletError('not_found', 'no such vendor');
    // A budget below what is already signed simply stops new vouchers; signed ones stay valid.
    const state = await services.voucherState.setLimits(approval.key, { limitAtoms: budgetAtoms, maxVoucherAtoms });
    vendorsChanged(services);
    return vendorSummary(approval, state);
  },
};
