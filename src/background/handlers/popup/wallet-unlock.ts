import { z } from 'zod';
import type { PopupHandler } from '../../handler';
import { password } from '../schemas';
import { walletBecameUsable } from './wallet-changed';

export const walletUnlock: PopupHandler<'wallet.unlock'> = {
  input: z.strictObject({ password }),
  async run({ password }, services) {
    const address = await services.vault.unlock(password);
    await walletBecameUsable(services);
    return { address };
  },
};
