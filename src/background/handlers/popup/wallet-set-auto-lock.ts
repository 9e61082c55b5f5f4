import { z } from 'zod';
import type { PopupHandler } from '../../handler';
import { walletChanged } from './wallet-changed';

export const walletSetAutoLock: PopupHandler<'wallet.setAutoLock'> = {
  input: z.strictObject({ minutes: z.number() }),
  async run({ minutes }, services) {
    await services.settings.setAutoLockMinutes(minutes);
    // The new idle time applies from now, not from the old deadline.
    await services.autoLock.touch();
    await walletChanged(services);
    return {};
  },
};
