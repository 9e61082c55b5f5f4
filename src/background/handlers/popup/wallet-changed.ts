import { refreshHeaderRules } from '../../header-refresh';
import { clearAttention } from '../../notices';
import type { Services } from '../../services';
import { walletStatusOf } from './wallet-status';

/** Tells open extension pages the wallet's state moved (lock, unlock, pause...). */
export async function walletChanged(services: Services): Promise<void> {
  services.platform.notify({ channel: 'notice', type: 'wallet.changed', status: await walletStatusOf(services) });
}

/**
 * Created, imported or unlocked: the idle clock starts, the header rules of approved vendors come
 * back, an invitation to set up or unlock is answered.
 */
export async function walletBecameUsable(services: Services): Promise<void> {
  await services.autoLock.touch();
  await refreshHeaderRules(services);
  await clearAttention(services);
  await walletChanged(services);
}
