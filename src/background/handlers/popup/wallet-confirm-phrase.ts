import { z } from 'zod';
import type { PopupHandler } from '../../handler';
import { walletBecameUsable } from './wallet-changed';

/** Step two of creating: the words at the asked positions save the wallet, unlocked. */
export const walletConfirmPhrase: PopupHandler<'wallet.confirmPhrase'> = {
  input: z.strictObject({ words: z.array(z.string().max(64)).min(1).max(24) }),
  async run({ words }, services) {
    const address = await services.vault.confirmCreate(words);
    await walletBecameUsable(services);
    return { address };
  },
};
