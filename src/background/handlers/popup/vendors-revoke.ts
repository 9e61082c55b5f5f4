import { z } from 'zod';
import { WalletError } from '../../errors';
import { refreshHeaderRules } from '../../header-refresh';
import type { PopupHandler } from '../../handler';
import { vendorsChanged } from '../../notices';
import { httpOrigin, vendorKeyId } from '../schemas';

export const vendorsRevoke: PopupHandler<'vendors.revoke'> = {
  input: z.strictObject({ vendorKey: vendorKeyId, origin: httpOrigin.optional() }),
  async run({ vendorKey, origin }, services) {
    if (!(await services.approvals.revoke(vendorKey, origin))) throw new WalletError('not_found', 'no such vendor');
    await refreshHeaderRules(services);
    vendorsChanged(services);
    return {};
  },
};
