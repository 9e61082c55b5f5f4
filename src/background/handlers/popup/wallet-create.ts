import { z } from 'zod';
import type { PopupHandler } from '../../handler';
import { password } from '../schemas';
import { walletChanged } from './wallet-changed';

export const walletCreate: PopupHandler<'wallet.create'> = {
  input: z.strictObject({ password }),
  async run({ password }, services) {
    const address = await services.vault.create(password);
    await services.autoLock.touch();
    await walletChanged(services);
    return { address };
  },
};
