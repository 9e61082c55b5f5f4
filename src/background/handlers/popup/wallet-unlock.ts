import { z } from 'zod';
import type { PopupHandler } from '../../handler';
import { refreshHeaderRules } from '../../header-refresh';
import { password } from '../schemas';
import { walletChanged } from './wallet-changed';

export const walletUnlock: PopupHandler<'wallet.unlock'> = {
  input: z.strictObject({ password }),
  async run({ password }, services) {
    const address = await services.vault.unlock(password);
    await services.autoLock.touch();
    await refreshHeaderRules(services);
    await walletChanged(services);
    return { address };
  },
};
