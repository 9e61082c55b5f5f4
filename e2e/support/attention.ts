import { expect, type BrowserContext, type Page } from '@playwright/test';
import { WELCOME_ROUTE } from '../../src/messaging/names';
import { ATTENTION_NOTIFICATION_ID } from '../../src/background/notices';
import { evaluateIn, type AnyPage } from './evaluate';
import { serviceWorker } from './extension';

/**
 * What the worker shows the user outside the page: the badge, the action's title and its
 * notifications, read from an extension page (the same extension-wide state the worker sets; any
 * driver's page).
 */
export async function workerSurface(extensionPage: AnyPage): Promise<{ badge: string; title: string; notifications: string[] }> {
  return evaluateIn(
    extensionPage,
    async () => ({
      badge: await chrome.action.getBadgeText({}),
      title: await chrome.action.getTitle({}),
      notifications: Object.keys(await chrome.notifications.getAll()),
    }),
    undefined,
  );
}

/** The onboarding tab the worker opened (on install, or from a notification click). */
export async function welcomeTab(context: BrowserContext): Promise<Page> {
  const isWelcome = (page: Page) => !page.isClosed() && page.url().endsWith(WELCOME_ROUTE);
  const page = context.pages().find(isWelcome) ?? (await context.waitForEvent('page', { predicate: isWelcome, timeout: 15_000 }));
  await page.waitForLoadState();
  return page;
}

/** Clicks the worker's "set up / unlock" notification, as the user would (its onClicked listener runs). */
export async function clickInvitation(context: BrowserContext): Promise<void> {
  const worker = await serviceWorker(context);
  // chrome.notifications.onClicked cannot be fired from outside; dispatch it to the registered listeners.
  const dispatched = await worker.evaluate((id) => {
    const event = chrome.notifications.onClicked as unknown as { dispatch?: (id: string) => void };
    if (typeof event.dispatch !== 'function') return false;
    event.dispatch(id);
    return true;
  }, ATTENTION_NOTIFICATION_ID);
  expect(dispatched, 'chrome.notifications.onClicked.dispatch exists in the worker').toBe(true);
}
