import { z } from 'zod';
import { forgetPageHeaders } from '../../forget-headers';
import type { PopupHandler } from '../../handler';
import { walletChanged } from './wallet-changed';

export const walletSetPaused: PopupHandler<'wallet.setPaused'> = {
  input: z.strictObject({ paused: z.boolean() }),
  async run({ paused }, services) {
    await services.settings.setPaused(paused);
    if (paused) await forgetPageHeaders(services.platform);
    await walletChanged(services);
    return {};
  },
};
