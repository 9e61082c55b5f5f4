import { z } from 'zod';
import type { PopupHandler } from '../../handler';
import { password } from '../schemas';

/** Step one of creating: the new phrase goes to the popup once; nothing is saved until it is confirmed. */
export const walletCreate: PopupHandler<'wallet.create'> = {
  input: z.strictObject({ password }),
  run: ({ password }, services) => services.vault.beginCreate(password),
};
