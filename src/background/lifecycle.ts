import { decideApproval, reconcileApprovals } from './approvals/decide';
import { syncRules } from './network/header-rules';
import { refreshApprovalsBadge } from './notices';
import type { Services } from './services';
import { SWEEP_ALARM, sweepPending } from './sweeper';
import { AUTO_LOCK_ALARM } from './vault/auto-lock';

/**
 * Worker wake-up (install, browser start, or any restart): re-derive everything from storage.
 * Session rules die with the browser, and a worker stopped mid-approval may have left an entry
 * without its window: both are rebuilt here.
 */
export async function onWake(services: Services): Promise<void> {
  await services.autoLock.enforce();
  await services.platform.alarms.create(SWEEP_ALARM, { periodInMinutes: 1 });
  await reconcileApprovals(services);
  await refreshApprovalsBadge(services);
  await syncRules(services);
  await sweepPending(services);
}

export async function onAlarm(services: Services, name: string): Promise<void> {
  if (name === AUTO_LOCK_ALARM) await services.autoLock.enforce();
  if (name === SWEEP_ALARM) await sweepPending(services);
}

/** Closing an approval window without deciding is a rejection, remembered like one. */
export async function onWindowRemoved(services: Services, windowId: number): Promise<void> {
  const entry = await services.pending.byWindow(windowId);
  if (entry) await decideApproval(services, entry.approval.id, null).catch(() => undefined);
  // A window the worker had not bound yet (stopped between opening it and storing its id).
  else await reconcileApprovals(services, windowId);
}

/** A tab closed or moved to another page: its header rules go with it. */
export async function onTabGone(services: Services, tabId: number): Promise<void> {
  if (await services.tabPages.remove(tabId)) await syncRules(services);
}

export async function onTabNavigated(services: Services, tabId: number, url: string): Promise<void> {
  if (await services.tabPages.navigated(tabId, url)) await syncRules(services);
}
