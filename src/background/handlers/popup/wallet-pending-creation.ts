import type { PopupHandler } from '../../handler';
import { empty } from '../schemas';

export const walletPendingCreation: PopupHandler<'wallet.pendingCreation'> = {
  input: empty,
  readOnly: true,
  async run(_input, services) {
    const pending = await services.vault.pendingCreation();
    return pending ? { pending } : {};
  },
};
