import browser from 'webextension-polyfill';

/**
 * The slice of the extension APIs the worker uses, typed narrowly so handlers take it as a
 * dependency and tests pass the fake in ./testing instead of the real `browser`.
 */
export interface StorageArea {
  get(keys: string | string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

export interface Platform {
  local: StorageArea;
  session: StorageArea;
  alarms: {
    create(name: string, info: { when?: number; periodInMinutes?: number }): Promise<void> | void;
    clear(name: string): Promise<boolean>;
  };
  action: {
    setBadgeText(details: { text: string }): Promise<void>;
    setTitle(details: { title: string }): Promise<void>;
  };
  /** A basic notification with the extension's icon; the same id replaces the one shown. */
  notifications: {
    create(id: string, content: { title: string; message: string }): Promise<void>;
    clear(id: string): Promise<void>;
  };
  /** Opens an extension page (or any URL) in a new tab of the current window. */
  openTab(url: string): Promise<void>;
  windows: {
    create(details: { url: string; type: 'popup'; width: number; height: number; focused: boolean }): Promise<{ id?: number }>;
    remove(windowId: number): Promise<void>;
  };
  /** Extension page URL for a path inside the package. */
  getURL(path: string): string;
  /** Broadcast to extension pages; a missing listener is not an error. */
  notify(message: unknown): void;
  /** Sends to the content bridge of every open tab; tabs without it (chrome://, no access) are skipped. */
  tellTabs(message: unknown): Promise<void>;
  now(): number;
}

/**
 * The real thing, built once at worker start: webextension-polyfill's `browser` (Firefox's own
 * object there, promise wrappers over `chrome` in Chromium).
 */
export function browserPlatform(): Platform {
  return {
    local: browser.storage.local,
    session: browser.storage.session,
    alarms: browser.alarms,
    action: browser.action,
    notifications: {
      create: async (id, { title, message }) => {
        await browser.notifications.create(id, { type: 'basic', iconUrl: browser.runtime.getURL('icons/icon-128.png'), title, message });
      },
      clear: async (id) => {
        await browser.notifications.clear(id);
      },
    },
    openTab: async (url) => {
      await browser.tabs.create({ url });
    },
    windows: {
      create: async (details) => (await browser.windows.create(details)) ?? {},
      remove: (windowId) => browser.windows.remove(windowId),
    },
    getURL: (path) => browser.runtime.getURL(path),
    notify: (message) => {
      browser.runtime.sendMessage(message).catch(() => undefined);
    },
    tellTabs: async (message) => {
      // tabs.query and tabs.sendMessage need no "tabs" permission: no URL is read.
      const tabs = await browser.tabs.query({});
      await Promise.all(
        tabs.map((tab) => (tab.id === undefined ? undefined : browser.tabs.sendMessage(tab.id, message).catch(() => undefined))),
      );
    },
    now: () => Date.now(),
  };
}
