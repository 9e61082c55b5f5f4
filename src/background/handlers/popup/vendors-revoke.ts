import { z } from 'zod';
import { WalletError } from '../../errors';
import { forgetPageHeaders } from '../../forget-headers';
import type { PopupHandler } from '../../handler';
import { vendorsChanged } from '../../notices';
import { httpOrigin, vendorKeyId } from '../schemas';

export const vendorsRevoke: PopupHandler<'vendors.revoke'> = {
  input: z.strictObject({ vendorKey: vendorKeyId, origin: httpOrigin.optional() }),
  async run({ vendorKey, origin }, services) {
    if (!(await services.approvals.revoke(vendorKey, origin))) throw new WalletError('not_found', 'no such vendor');
    // Pages still approved re-learn their headers on their next 402; a cache cannot tell which pages those are.
    await forgetPageHeaders(services.platform);
    vendorsChanged(services);
    return {};
  },
};
