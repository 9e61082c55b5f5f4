import { z } from 'zod';
import { decideApproval } from '../../approvals/decide';
import type { PopupHandler } from '../../handler';
import { positiveAtoms } from '../schemas';

const id = z.string().min(1).max(64);

export const approvalsDecide: PopupHandler<'approvals.decide'> = {
  input: z.union([
    z
      .strictObject({ id, approve: z.literal(true), budgetAtoms: positiveAtoms, maxVoucherAtoms: positiveAtoms })
      .refine((value) => value.maxVoucherAtoms <= value.budgetAtoms, {
        message: 'a voucher cannot be larger than the budget',
      }),
    z.strictObject({ id, approve: z.literal(false) }),
  ]),
  async run(input, services) {
    const limits = input.approve ? { limitAtoms: input.budgetAtoms, maxVoucherAtoms: input.maxVoucherAtoms } : null;
    await decideApproval(services, input.id, limits);
    return {};
  },
};
