import type { PopupHandler } from '../../handler';
import { empty } from '../schemas';

export const approvalsList: PopupHandler<'approvals.list'> = {
  input: empty,
  readOnly: true,
  async run(_input, services) {
    return (await services.pending.list()).map((entry) => entry.approval);
  },
};
