import 'fake-indexeddb/auto';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { FakeStorageArea } from './testing/fake-platform';

/** A chrome.* event: records its listeners, so the test sees what the worker registered and when. */
function event() {
  const listeners: ((...args: never[]) => unknown)[] = [];
  return { listeners, addListener: (listener: (...args: never[]) => unknown) => void listeners.push(listener) };
}

const tabsCreated: string[] = [];
const chromeStub = {
  runtime: {
    id: 'testextensionid',
    getURL: (path: string) => `chrome-extension://testextensionid/${path}`,
    sendMessage: async () => undefined,
    onMessage: event(),
    onInstalled: event(),
    onStartup: event(),
    getContexts: async () => [],
    getManifest: () => ({ permissions: ['storage', 'alarms', 'declarativeNetRequest', 'webRequest', 'notifications'] }),
  },
  declarativeNetRequest: { getSessionRules: async () => [], updateSessionRules: async () => undefined },
  webRequest: { onSendHeaders: event(), onHeadersReceived: event(), onCompleted: event(), onErrorOccurred: event() },
  storage: { local: new FakeStorageArea(), session: Object.assign(new FakeStorageArea(), { setAccessLevel: async () => undefined }) },
  alarms: { create: async () => undefined, clear: async () => true, onAlarm: event() },
  action: { setBadgeText: async () => undefined, setTitle: async () => undefined },
  windows: { create: async () => ({ id: 1 }), remove: async () => undefined, onRemoved: event() },
  tabs: { create: async ({ url }: { url: string }) => void tabsCreated.push(url), onRemoved: event(), onUpdated: event() },
  notifications: { create: async () => 'id', clear: async () => true, onClicked: event() },
};

// The polyfill wraps chrome.* in callback style; this stub's methods answer with promises, as
// MV3 Chromium's do, so the entry gets the stub itself as `browser`.
vi.mock('webextension-polyfill', () => ({
  get default() {
    return (globalThis as { chrome?: unknown }).chrome;
  },
}));

afterAll(() => {
  delete (globalThis as { chrome?: unknown }).chrome;
});

describe('the service worker entry', () => {
  it('registers every listener at top level when loaded, and a first install opens the onboarding tab', async () => {
    (globalThis as { chrome?: unknown }).chrome = chromeStub;
    const failures = vi.spyOn(console, 'error');
    // Module evaluation is synchronous up to its first await, and the entry has none: by the time
    // the import resolves, whatever it registered, it registered in its first turn.
    await import('./index');
    for (const registered of [
      chromeStub.runtime.onMessage,
      chromeStub.runtime.onInstalled,
      chromeStub.runtime.onStartup,
      chromeStub.alarms.onAlarm,
      chromeStub.windows.onRemoved,
      chromeStub.notifications.onClicked,
      chromeStub.webRequest.onSendHeaders,
      chromeStub.webRequest.onHeadersReceived,
      chromeStub.webRequest.onCompleted,
      chromeStub.webRequest.onErrorOccurred,
      chromeStub.tabs.onRemoved,
      chromeStub.tabs.onUpdated,
    ]) {
      expect(registered.listeners).toHaveLength(1);
    }
    chromeStub.runtime.onInstalled.listeners[0]!({ reason: 'install' } as never);
    await vi.waitFor(() => expect(tabsCreated).toEqual(['chrome-extension://testextensionid/src/popup/index.html#/welcome']));
    expect(failures).not.toHaveBeenCalled();
    failures.mockRestore();
  });
});
