import type { HeaderRule, Platform, StorageArea } from '../platform';

/** chrome.storage semantics that matter here: values are copied through JSON on the way in and out. */
export class FakeStorageArea implements StorageArea {
  readonly data = new Map<string, string>();

  async get(keys: string | string[]): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    for (const key of typeof keys === 'string' ? [keys] : keys) {
      const json = this.data.get(key);
      if (json !== undefined) out[key] = JSON.parse(json);
    }
    return out;
  }

  async set(items: Record<string, unknown>): Promise<void> {
    // JSON.stringify throws on bigint, as chrome.storage refuses it: a test catches a missing wire codec.
    for (const [key, value] of Object.entries(items)) this.data.set(key, JSON.stringify(value));
  }

  async remove(keys: string | string[]): Promise<void> {
    for (const key of typeof keys === 'string' ? [keys] : keys) this.data.delete(key);
  }
}

export interface FakePlatform extends Platform {
  local: FakeStorageArea;
  session: FakeStorageArea;
  alarmsSet: Map<string, { when?: number; periodInMinutes?: number }>;
  badge: string;
  title: string;
  /** Notifications on screen, by id. */
  notificationsShown: Map<string, { title: string; message: string }>;
  /** Every notification created, in order (a replaced one counts again). */
  notificationsCreated: { id: string; title: string; message: string }[];
  tabsOpened: string[];
  windowsOpen: Map<number, string>;
  notices: unknown[];
  /** The session rules installed now. */
  readonly sessionRules: HeaderRule[];
  /** Answers the worker's own fetches (a vendor's discovery document); default 404. */
  fetchHandler: (url: string) => Response | Promise<Response>;
  clock: { now: number };
  /** A new worker: same storage, nothing else kept (what a service-worker kill looks like). */
  restart(): FakePlatform;
  /** The browser restarted: storage.session is gone. */
  restartBrowser(): FakePlatform;
}

/** What outlives a worker: storage, the clock and the browser's windows and session rules. */
interface Shared {
  local: FakeStorageArea;
  session: FakeStorageArea;
  clock: { now: number };
  browser: { windowsOpen: Map<number, string>; rules: { current: HeaderRule[] }; nextWindowId: { value: number } };
}

export function fakePlatform(shared?: Shared): FakePlatform {
  const local = shared?.local ?? new FakeStorageArea();
  const session = shared?.session ?? new FakeStorageArea();
  const clock = shared?.clock ?? { now: 1_700_000_000_000 };
  const browser = shared?.browser ?? { windowsOpen: new Map<number, string>(), rules: { current: [] }, nextWindowId: { value: 100 } };
  const platform: FakePlatform = {
    local,
    session,
    clock,
    alarmsSet: new Map(),
    badge: '',
    title: '',
    notificationsShown: new Map(),
    notificationsCreated: [],
    tabsOpened: [],
    windowsOpen: browser.windowsOpen,
    notices: [],
    get sessionRules() {
      return browser.rules.current;
    },
    fetchHandler: () => new Response('not found', { status: 404 }),
    alarms: {
      create: (name, info) => void platform.alarmsSet.set(name, info),
      clear: async (name) => platform.alarmsSet.delete(name),
    },
    action: {
      setBadgeText: async ({ text }) => void (platform.badge = text),
      setTitle: async ({ title }) => void (platform.title = title),
    },
    notifications: {
      create: async (id, content) => {
        platform.notificationsShown.set(id, content);
        platform.notificationsCreated.push({ id, ...content });
      },
      clear: async (id) => void platform.notificationsShown.delete(id),
    },
    openTab: async (url) => void platform.tabsOpened.push(url),
    windows: {
      create: async ({ url }) => {
        const id = browser.nextWindowId.value++;
        platform.windowsOpen.set(id, url);
        return { id };
      },
      remove: async (id) => void platform.windowsOpen.delete(id),
    },
    getURL: (path) => `chrome-extension://testextensionid/${path}`,
    rules: { replaceAll: async (rules) => void (browser.rules.current = [...rules]) },
    // An approval window is a tab of its own; the fake's windows are those tabs.
    extensionTabs: async () => [...platform.windowsOpen].map(([windowId, url]) => ({ windowId, url })),
    fetch: async (url) => platform.fetchHandler(url),
    notify: (message) => void platform.notices.push(message),
    now: () => clock.now,
    restart: () => Object.assign(fakePlatform({ local, session, clock, browser }), { fetchHandler: platform.fetchHandler }),
    restartBrowser: () =>
      fakePlatform({ local, session: new FakeStorageArea(), clock, browser: { windowsOpen: new Map(), rules: { current: [] }, nextWindowId: browser.nextWindowId } }),
  };
  return platform;
}
