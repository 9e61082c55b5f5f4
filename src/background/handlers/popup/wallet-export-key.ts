import { z } from 'zod';
import type { PopupHandler } from '../../handler';
import { password } from '../schemas';

export const walletExportKey: PopupHandler<'wallet.exportKey'> = {
  input: z.strictObject({ password }),
  async run({ password }, services) {
    return { privateKey: await services.vault.exportKey(password) };
  },
};
