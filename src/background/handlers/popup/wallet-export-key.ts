import { z } from 'zod';
import type { PopupHandler } from '../../handler';
import { password } from '../schemas';

export const walletExportKey: PopupHandler<'wallet.exportKey'> = {
  input: z.strictObject({ password }),
  run: ({ password }, services) => services.vault.exportSecret(password),
};
