import browser, { type Runtime } from 'webextension-polyfill';
import { installBufferShim } from './vault/buffer-shim';
import { pageHandlers } from './handlers/page';
import { popupHandlers } from './handlers/popup';
import { onAlarm, onInstalled, onNotificationClicked, onTabGone, onTabNavigated, onWake, onWindowRemoved } from './lifecycle';
import { onRequestEnded, onRequestSent, onResponseHeaders } from './interception/observer';
import { browserPlatform, listenToBrowser } from './platform';
import { route, type Routes } from './router';
import { createServices, type Services } from './services';

/**
 * The MV3 background: Chromium's service worker, Firefox's event page (the same file). Every
 * listener is registered synchronously at top level so the browser can wake it for any of them; the services hold no authoritative state, so building
 * them per worker life is all the "restore" there is.
 */
installBufferShim();
let services: Services | undefined;
function getServices(): Services {
  services ??= createServices(browserPlatform());
  return services;
}

const routes = { popup: popupHandlers, page: pageHandlers } as unknown as Routes;

function logFailure(what: string) {
  return (error: unknown) => console.error(`voucher wallet: ${what} failed`, error);
}

// The returned promise is the reply (both browsers, through the polyfill in Chromium).
browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) =>
  route(message, sender, getServices(), routes, browser.runtime.id).catch((error: unknown) => {
    logFailure('message')(error);
    return { ok: false, code: 'internal', message: 'the wallet failed' };
  }),
);

browser.alarms.onAlarm.addListener((alarm) => {
  onAlarm(getServices(), alarm.name).catch(logFailure('alarm'));
});

// The network observer, tabs and windows (every browser API call is in platform.ts). webRequest
// events wake a stopped worker, so receipts are seen whether or not anything else woke it.
listenToBrowser({
  sent: (request) => onRequestSent(getServices(), request),
  headers: (response) => void onResponseHeaders(getServices(), response).catch(logFailure('observing a response')),
  ended: (end) => void onRequestEnded(getServices(), end).catch(logFailure('observing a request end')),
  tabRemoved: (tabId) => void onTabGone(getServices(), tabId).catch(logFailure('tab close')),
  tabNavigated: (tabId, url) => void onTabNavigated(getServices(), tabId, url).catch(logFailure('tab navigation')),
  windowRemoved: (windowId) => void onWindowRemoved(getServices(), windowId).catch(logFailure('window close')),
});

browser.runtime.onInstalled.addListener((details) => {
  onInstalled(getServices(), details.reason).catch(logFailure('install'));
});

browser.notifications.onClicked.addListener((notificationId) => {
  onNotificationClicked(getServices(), notificationId).catch(logFailure('notification click'));
});

browser.runtime.onStartup.addListener(() => {
  onWake(getServices()).catch(logFailure('startup'));
});

// Only trusted extension contexts (never content scripts) may read the derived vault key. Chromium
// needs telling; Firefox has no setAccessLevel and never exposes storage.session to content scripts.
// (The polyfill hands Chromium's own storage.session through: it has no wrapper for it.)
const session = browser.storage.session as { setAccessLevel?: (access: { accessLevel: 'TRUSTED_CONTEXTS' }) => Promise<void> };
session.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' }).catch(logFailure('session access level'));
onWake(getServices()).catch(logFailure('wake'));
