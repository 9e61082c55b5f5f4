import type { PopupHandler } from '../../handler';
import { empty } from '../schemas';
import { walletChanged } from './wallet-changed';

export const walletLock: PopupHandler<'wallet.lock'> = {
  input: empty,
  async run(_input, services) {
    await services.autoLock.lockNow();
    await walletChanged(services);
    return {};
  },
};
