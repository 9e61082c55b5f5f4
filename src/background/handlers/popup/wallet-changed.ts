import type { Services } from '../../services';
import { walletStatusOf } from './wallet-status';

/** Tells open extension pages the wallet's state moved (lock, unlock, pause...). */
export async function walletChanged(services: Services): Promise<void> {
  services.platform.notify({ channel: 'notice', type: 'wallet.changed', status: await walletStatusOf(services) });
}
