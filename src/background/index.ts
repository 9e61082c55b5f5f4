import { installBufferShim } from './vault/buffer-shim';
import { pageHandlers } from './handlers/page';
import { popupHandlers } from './handlers/popup';
import { onAlarm, onInstalled, onNotificationClicked, onWake, onWindowRemoved } from './lifecycle';
import { chromePlatform } from './platform';
import { route, type Routes } from './router';
import { createServices, type Services } from './services';

/**
 * The MV3 service worker. Every listener is registered synchronously at top level so Chrome
 * can wake the worker for any of them; the services hold no authoritative state, so building
 * them per worker life is all the "restore" there is.
 */
installBufferShim();
let services: Services | undefined;
function getServices(): Services {
  services ??= createServices(chromePlatform());
  return services;
}

const routes = { popup: popupHandlers, page: pageHandlers } as unknown as Routes;

function logFailure(what: string) {
  return (error: unknown) => console.error(`voucher wallet: ${what} failed`, error);
}

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  route(message, sender, getServices(), routes, chrome.runtime.id).then(sendResponse, (error) => {
    logFailure('message')(error);
    sendResponse({ ok: false, code: 'internal', message: 'the wallet failed' });
  });
  return true; // the reply is asynchronous
});

chrome.alarms.onAlarm.addListener((alarm) => {
  onAlarm(getServices(), alarm.name).catch(logFailure('alarm'));
});

chrome.windows.onRemoved.addListener((windowId) => {
  onWindowRemoved(getServices(), windowId).catch(logFailure('window close'));
});

chrome.runtime.onInstalled.addListener((details) => {
  onInstalled(getServices(), details.reason).catch(logFailure('install'));
});

chrome.notifications.onClicked.addListener((notificationId) => {
  onNotificationClicked(getServices(), notificationId).catch(logFailure('notification click'));
});

chrome.runtime.onStartup.addListener(() => {
  onWake(getServices()).catch(logFailure('startup'));
});

// Only trusted extension contexts (never content scripts) may read the derived vault key.
chrome.storage.session.setAccessLevel({ accessLevel: 'TRUSTED_CONTEXTS' }).catch(logFailure('session access level'));
onWake(getServices()).catch(logFailure('wake'));
