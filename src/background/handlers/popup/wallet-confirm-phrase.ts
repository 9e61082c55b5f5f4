import { getAddress, isAddress, type Address } from 'viem';
import { z } from 'zod';
import type { PopupHandler } from '../../handler';
import { walletBecameUsable } from './wallet-changed';

/** Step two of creating: the words at the asked positions save the wallet, unlocked. */
export const walletConfirmPhrase: PopupHandler<'wallet.confirmPhrase'> = {
  input: z.strictObject({
    address: z.string().refine((value) => isAddress(value, { strict: false }), 'must be an address').transform((value) => getAddress(value) as Address),
    words: z.array(z.string().max(64)).min(1).max(24),
  }),
  async run({ address: pending, words }, services) {
    const address = await services.vault.confirmCreate(pending, words);
    await walletBecameUsable(services);
    return { address };
  },
};
