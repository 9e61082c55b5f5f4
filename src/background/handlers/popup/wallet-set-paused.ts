import { z } from 'zod';
import { refreshHeaderRules } from '../../header-refresh';
import type { PopupHandler } from '../../handler';
import { walletChanged } from './wallet-changed';

export const walletSetPaused: PopupHandler<'wallet.setPaused'> = {
  input: z.strictObject({ paused: z.boolean() }),
  async run({ paused }, services) {
    await services.settings.setPaused(paused);
    await refreshHeaderRules(services);
    await walletChanged(services);
    return {};
  },
};
