import type { WalletStatus } from '../../../messaging/popup-api';
import type { PopupHandler } from '../../handler';
import type { Services } from '../../services';
import { empty } from '../schemas';

export async function walletStatusOf(services: Services): Promise<WalletStatus> {
  const [state, address, settings, pending] = await Promise.all([
    services.vault.state(),
    services.vault.address(),
    services.settings.get(),
    services.pending.list(),
  ]);
  const status: WalletStatus = {
    state,
    paused: settings.paused,
    autoLockMinutes: settings.autoLockMinutes,
    pendingApprovals: pending.length,
  };
  if (address) status.address = address;
  if (state === 'unlocked') {
    const deadline = await services.autoLock.deadline();
    if (deadline !== undefined) status.lockDeadline = deadline;
  }
  return status;
}

export const walletStatus: PopupHandler<'wallet.status'> = {
  input: empty,
  readOnly: true,
  run: (_input, services) => walletStatusOf(services),
};
