import { z } from 'zod';
import type { PopupHandler } from '../../handler';
import { password } from '../schemas';
import { walletChanged } from './wallet-changed';

export const walletImport: PopupHandler<'wallet.import'> = {
  input: z.strictObject({ privateKey: z.string().max(200), password }),
  async run({ privateKey, password }, services) {
    const address = await services.vault.importPrivateKey(privateKey, password);
    await services.autoLock.touch();
    await walletChanged(services);
    return { address };
  },
};
