import { z } from 'zod';
import type { PopupHandler } from '../../handler';
import { password } from '../schemas';
import { walletBecameUsable } from './wallet-changed';

export const walletImport: PopupHandler<'wallet.import'> = {
  input: z.union([
    z.strictObject({ privateKey: z.string().max(200), password }),
    z.strictObject({ phrase: z.string().max(1_000), password }),
  ]),
  async run(input, services) {
    const address =
      'phrase' in input
        ? await services.vault.importPhrase(input.phrase, input.password)
        : await services.vault.importPrivateKey(input.privateKey, input.password);
    await walletBecameUsable(services);
    return { address };
  },
};
