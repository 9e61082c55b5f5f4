import browser from 'webextension-polyfill';

/**
 * The slice of the extension APIs the worker uses, typed narrowly so handlers take it as a
 * dependency and tests pass the fake in ./testing instead of the real `browser`. Every browser API
 * call of the worker is in this file (webextension-polyfill's `browser`, so one file serves both browsers).
 */
export interface StorageArea {
  get(keys: string | string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

/**
 * One declarativeNetRequest session rule: requests from `tabId`, initiated by a document of
 * `initiatorHost`, to URLs under `vendorOrigin` carry `header` as x-voucher, and their responses
 * lose the x-voucher-receipt header (the worker reads it in webRequest; the page never does).
 */
export interface HeaderRule {
  id: number;
  tabId: number;
  initiatorHost: string;
  vendorOrigin: string;
  header: string;
}

/** An extension page open in a tab (runtime.getContexts): where an approval window is. */
export interface ExtensionTab {
  windowId: number;
  url: string;
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
  /** The worker's header rules: replaces every session rule with these, in one update. */
  rules: { replaceAll(rules: readonly HeaderRule[]): Promise<void> };
  /** This extension's pages open in tabs now (approval windows among them). */
  extensionTabs(): Promise<ExtensionTab[]>;
  /** The worker's own HTTP client (host permissions: no CORS); used for a vendor's discovery document. */
  fetch(url: string, init?: RequestInit): Promise<Response>;
  /** Extension page URL for a path inside the package. */
  getURL(path: string): string;
  /** Broadcast to extension pages; a missing listener is not an error. */
  notify(message: unknown): void;
  now(): number;
}

export const VOUCHER_REQUEST_HEADER = 'x-voucher';
export const RECEIPT_RESPONSE_HEADER = 'x-voucher-receipt';

/**
 * Whether the worker removes receipts from the page's view in a blocking webRequest listener
 * (Firefox) instead of in the header rule (Chromium). Firefox applies a rule's response-header
 * removal before any webRequest listener sees the headers, so the worker would never read a
 * receipt; its build holds `webRequestBlocking` for this (scripts/lib/manifests.ts), and the
 * granted permission decides, not a guess about the browser.
 */
let receiptsRemovedHere: boolean | undefined;
function removesReceiptsItself(): boolean {
  receiptsRemovedHere ??= browser.runtime.getManifest().permissions?.includes('webRequestBlocking') ?? false;
  return receiptsRemovedHere;
}

type SessionRule = Parameters<typeof browser.declarativeNetRequest.updateSessionRules>[0] extends { addRules?: (infer R)[] } ? R : never;

function sessionRuleOf(rule: HeaderRule): SessionRule {
  return {
    id: rule.id,
    priority: 1,
    action: {
      type: 'modifyHeaders',
      requestHeaders: [{ header: VOUCHER_REQUEST_HEADER, operation: 'set', value: rule.header }],
      ...(removesReceiptsItself() ? {} : { responseHeaders: [{ header: RECEIPT_RESPONSE_HEADER, operation: 'remove' }] }),
    },
    condition: {
      // `|` anchors the filter at the URL's start and the trailing `/` ends the origin, so
      // http://vendor:80 never matches http://vendor:8080. initiatorDomains ignores ports:
      // the tab pins the page, and the observer checks the exact initiator origin.
      urlFilter: `|${rule.vendorOrigin}/`,
      tabIds: [rule.tabId],
      initiatorDomains: [rule.initiatorHost],
      resourceTypes: ['xmlhttprequest'],
    },
  };
}

/** The header rules in force, as the worker last installed them (or read back after a restart). */
let installedRules: Promise<readonly HeaderRule[]> | undefined;

function currentRules(): Promise<readonly HeaderRule[]> {
  installedRules ??= browser.declarativeNetRequest.getSessionRules().then((rules) =>
    rules.flatMap((rule) => {
      const { tabIds, initiatorDomains, urlFilter } = rule.condition;
      const header = rule.action.requestHeaders?.[0]?.value;
      if (!tabIds?.[0] || !initiatorDomains?.[0] || !urlFilter || header === undefined) return [];
      return [{ id: rule.id, tabId: tabIds[0], initiatorHost: initiatorDomains[0], vendorOrigin: urlFilter.slice(1, -1), header }];
    }),
  );
  return installedRules;
}

/** Whether one of the worker's header rules covers this request (the same test the rule's condition makes). */
function ruleCovers(rule: HeaderRule, request: { tabId: number; url: string; initiator?: string }): boolean {
  if (rule.tabId !== request.tabId || !request.url.startsWith(`${rule.vendorOrigin}/`) || !request.initiator) return false;
  try {
    return new URL(request.initiator).hostname === rule.initiatorHost;
  } catch {
    return false;
  }
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
    rules: {
      async replaceAll(rules) {
        const existing = await browser.declarativeNetRequest.getSessionRules();
        await browser.declarativeNetRequest.updateSessionRules({
          removeRuleIds: existing.map((rule) => rule.id),
          addRules: rules.map(sessionRuleOf),
        });
        installedRules = Promise.resolve(rules);
      },
    },
    extensionTabs: async () => {
      const contexts = await browser.runtime.getContexts({ contextTypes: ['TAB'] });
      return contexts.flatMap((context) =>
        context.windowId >= 0 && context.documentUrl ? [{ windowId: context.windowId, url: context.documentUrl }] : [],
      );
    },
    fetch: (url, init) => fetch(url, init),
    getURL: (path) => browser.runtime.getURL(path),
    notify: (message) => {
      browser.runtime.sendMessage(message).catch(() => undefined);
    },
    now: () => Date.now(),
  };
}

/** What the browser observed of one page request (webRequest), with the headers the wallet reads. */
export interface ObservedRequest {
  requestId: string;
  tabId: number;
  frameId: number;
  /** The origin of the document that made the request; absent for browser-initiated ones. */
  initiator?: string;
  url: string;
  method: string;
  /** ms since the epoch, the browser's clock. */
  at: number;
}

export interface ObservedSend extends ObservedRequest {
  /** The x-voucher header as it left (attached by our rule), or null. */
  voucher: string | null;
  /** Every request header as it left, lower-cased names (the record keeps only whitelisted ones). */
  headers: Record<string, string>;
}

export interface ObservedResponse extends ObservedRequest {
  status: number;
  /** Lower-cased names; only the ones the wallet reads. */
  headers: Partial<Record<(typeof READ_RESPONSE_HEADERS)[number], string>>;
}

export interface ObservedEnd extends ObservedRequest {
  error?: string;
}

export interface BrowserEvents {
  sent(request: ObservedSend): void;
  headers(response: ObservedResponse): void;
  ended(end: ObservedEnd): void;
  tabRemoved(tabId: number): void;
  /** A tab's top document moves to `url` (known for http(s) pages through the host permissions). */
  tabNavigated(tabId: number, url: string): void;
  windowRemoved(windowId: number): void;
}

const READ_RESPONSE_HEADERS = ['x-voucher-required', 'x-voucher-receipt', 'x-voucher-stream', 'content-type', 'content-length', 'retry-after'] as const;

/** The part of a webRequest event's details the observer reads (both browsers). */
interface RequestDetails {
  requestId: string;
  tabId: number;
  frameId: number;
  /** Chromium's name for the requesting document's origin. */
  initiator?: string;
  /** Firefox's: the requesting document's URL. */
  originUrl?: string;
  url: string;
  method: string;
  timeStamp: number;
}

/** The requesting document's origin: Chromium's `initiator`; Firefox names the document's URL `originUrl`. */
function initiatorOf(details: RequestDetails): string | undefined {
  if (details.initiator) return details.initiator;
  if (!details.originUrl) return undefined;
  try {
    return new URL(details.originUrl).origin;
  } catch {
    return undefined;
  }
}

/**
 * Adds a webRequest listener with `extraHeaders` where the browser knows it (Chromium hides the
 * x-voucher request header our rule added, and the receipt header it removes, without it); Firefox
 * shows every header without it and throws on the name, so there the listener goes in without it.
 */
function addWithExtraHeaders<T extends string>(
  event: { addListener(callback: never, filter: { urls: string[]; types?: string[] }, spec?: string[]): void },
  callback: unknown,
  filter: { urls: string[]; types?: string[] },
  spec: T[],
): void {
  try {
    event.addListener(callback as never, filter, [...spec, 'extraHeaders']);
  } catch {
    event.addListener(callback as never, filter, spec);
  }
}

/**
 * Registers the worker's browser event listeners. Called synchronously at the worker's top level,
 * so the browser wakes a stopped worker for any of them. webRequest only observes, except in
 * Firefox, where onHeadersReceived blocks to take receipts out of the page's view (removesReceiptsItself).
 * The URL patterns carry no port: Firefox never fires a listener whose pattern has one (the
 * observer filters by exact origin itself).
 */
export function listenToBrowser(events: BrowserEvents): void {
  const filter = { urls: ['http://*/*', 'https://*/*'], types: ['xmlhttprequest'] };
  const base = (details: RequestDetails): ObservedRequest => {
    const initiator = initiatorOf(details);
    return {
      requestId: details.requestId,
      tabId: details.tabId,
      frameId: details.frameId,
      ...(initiator ? { initiator } : {}),
      url: details.url,
      method: details.method,
      at: details.timeStamp,
    };
  };
  // A CORS preflight is the browser's, not a request of the page's to record.
  const ignored = (details: RequestDetails) => details.tabId < 0 || details.method === 'OPTIONS';
  type Header = { name: string; value?: string };
  addWithExtraHeaders(
    browser.webRequest.onSendHeaders,
    (details: RequestDetails & { requestHeaders?: Header[] }) => {
      if (ignored(details)) return;
      const headers: Record<string, string> = {};
      for (const header of details.requestHeaders ?? []) if (header.value !== undefined) headers[header.name.toLowerCase()] = header.value;
      events.sent({ ...base(details), voucher: headers[VOUCHER_REQUEST_HEADER] ?? null, headers });
    },
    filter,
    ['requestHeaders'],
  );
  const removeReceipts = removesReceiptsItself();
  addWithExtraHeaders(
    browser.webRequest.onHeadersReceived,
    (details: RequestDetails & { statusCode: number; responseHeaders?: Header[] }) => {
      if (ignored(details)) return undefined;
      const headers: ObservedResponse['headers'] = {};
      for (const header of details.responseHeaders ?? []) {
        const name = header.name.toLowerCase() as (typeof READ_RESPONSE_HEADERS)[number];
        if (READ_RESPONSE_HEADERS.includes(name) && header.value !== undefined) headers[name] = header.value;
      }
      const observed = { ...base(details), status: details.statusCode, headers };
      events.headers(observed);
      if (!removeReceipts || headers[RECEIPT_RESPONSE_HEADER] === undefined) return undefined;
      // Firefox: take the receipt out of what the page sees, where a rule of ours covers the request
      // (as Chromium's rule does); a page paying with its own voucher keeps its own receipt.
      return currentRules().then((rules) =>
        rules.some((rule) => ruleCovers(rule, observed))
          ? { responseHeaders: (details.responseHeaders ?? []).filter((header) => header.name.toLowerCase() !== RECEIPT_RESPONSE_HEADER) }
          : {},
      );
    },
    filter,
    removeReceipts ? ['blocking', 'responseHeaders'] : ['responseHeaders'],
  );
  browser.webRequest.onCompleted.addListener((details) => {
    if (!ignored(details)) events.ended(base(details));
  }, filter as Parameters<typeof browser.webRequest.onCompleted.addListener>[1]);
  browser.webRequest.onErrorOccurred.addListener((details) => {
    if (!ignored(details)) events.ended({ ...base(details), error: details.error });
  }, filter as Parameters<typeof browser.webRequest.onErrorOccurred.addListener>[1]);
  browser.tabs.onRemoved.addListener((tabId) => events.tabRemoved(tabId));
  browser.tabs.onUpdated.addListener((tabId, change) => {
    if (change.url !== undefined) events.tabNavigated(tabId, change.url);
  });
  browser.windows.onRemoved.addListener((windowId) => events.windowRemoved(windowId));
}
