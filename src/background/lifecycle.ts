import { decideApproval, reconcileApprovals } from './approvals/decide';
import { syncRules } from './interception/header-rules';
import { RECEIPTS_ALARM, trackChainTxs } from './network/chain-sender';
import { ATTENTION_NOTIFICATION_ID, refreshBadge, welcomeUrl } from './notices';
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
  await refreshBadge(services);
  await syncRules(services);
  await sweepPending(services);
  // A worker killed while transactions were pending resumes tracking them.
  await trackChainTxs(services);
}

/**
 * A first install opens the onboarding in a tab, so a new user meets it without finding the
 * toolbar icon. An update or a browser update opens nothing; neither does an install that finds a
 * wallet already (storage.local kept by a reload of an unpacked extension).
 */
export async function onInstalled(services: Services, reason: string): Promise<void> {
  await onWake(services);
  if (reason !== 'install') return;
  if ((await services.vault.state()) !== 'uninitialized') return;
  await services.platform.openTab(welcomeUrl(services));
}

/** Clicking the "set up / unlock" notification opens the same page; it shows what the wallet's state needs. */
export async function onNotificationClicked(services: Services, notificationId: string): Promise<void> {
  if (notificationId !== ATTENTION_NOTIFICATION_ID) return;
  await services.platform.notifications.clear(notificationId);
  await services.platform.openTab(welcomeUrl(services));
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
