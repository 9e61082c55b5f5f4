import { decideApproval } from './approvals/decide';
import { RECEIPTS_ALARM, trackChainTxs } from './network/chain-sender';
import { refreshApprovalsBadge } from './notices';
import type { Services } from './services';
import { SWEEP_ALARM, sweepPending } from './sweeper';
import { AUTO_LOCK_ALARM } from './vault/auto-lock';

/** Worker wake-up (install, browser start, or any restart): re-derive everything from storage. */
export async function onWake(services: Services): Promise<void> {
  await services.autoLock.enforce();
  await services.platform.alarms.create(SWEEP_ALARM, { periodInMinutes: 1 });
  await refreshApprovalsBadge(services);
  await sweepPending(services);
  // A worker killed while transactions were pending resumes tracking them.
  await trackChainTxs(services);
}

export async function onAlarm(services: Services, name: string): Promise<void> {
  if (name === AUTO_LOCK_ALARM) await services.autoLock.enforce();
  if (name === SWEEP_ALARM) await sweepPending(services);
  if (name === RECEIPTS_ALARM) await trackChainTxs(services);
}

/** Closing an approval window without deciding is a rejection, remembered like one. */
export async function onWindowRemoved(services: Services, windowId: number): Promise<void> {
  const entry = await services.pending.byWindow(windowId);
  if (entry) await decideApproval(services, entry.approval.id, null).catch(() => undefined);
}
