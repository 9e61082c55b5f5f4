/**
 * The slice of the extension APIs the worker uses, typed narrowly so handlers take it as a
 * dependency and tests pass the fake in ./testing instead of a global `chrome`. Every browser API
 * call of the worker is in this file (the Firefox port maps it here).
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
  action: { setBadgeText(details: { text: string }): Promise<void> };
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

/** The real thing, built once at worker start. */
export function chromePlatform(): Platform {
  return {
    local: chrome.storage.local,
    session: chrome.storage.session,
    alarms: chrome.alarms,
    action: chrome.action,
    windows: {
      create: async (details) => (await chrome.windows.create(details)) ?? {},
      remove: (windowId) => chrome.windows.remove(windowId),
    },
    rules: {
      async replaceAll(rules) {
        const existing = await chrome.declarativeNetRequest.getSessionRules();
        await chrome.declarativeNetRequest.updateSessionRules({
          removeRuleIds: existing.map((rule) => rule.id),
          addRules: rules.map((rule) => ({
            id: rule.id,
            priority: 1,
            action: {
              type: chrome.declarativeNetRequest.RuleActionType.MODIFY_HEADERS,
              requestHeaders: [
                { header: VOUCHER_REQUEST_HEADER, operation: chrome.declarativeNetRequest.HeaderOperation.SET, value: rule.header },
              ],
              responseHeaders: [{ header: RECEIPT_RESPONSE_HEADER, operation: chrome.declarativeNetRequest.HeaderOperation.REMOVE }],
            },
            condition: {
              // `|` anchors the filter at the URL's start and the trailing `/` ends the origin, so
              // http://vendor:80 never matches http://vendor:8080. initiatorDomains ignores ports:
              // the tab pins the page, and the observer checks the exact initiator origin.
              urlFilter: `|${rule.vendorOrigin}/`,
              tabIds: [rule.tabId],
              initiatorDomains: [rule.initiatorHost],
              resourceTypes: [chrome.declarativeNetRequest.ResourceType.XMLHTTPREQUEST],
            },
          })),
        });
      },
    },
    extensionTabs: async () => {
      const contexts = await chrome.runtime.getContexts({ contextTypes: [chrome.runtime.ContextType.TAB] });
      return contexts.flatMap((context) =>
        context.windowId >= 0 && context.documentUrl ? [{ windowId: context.windowId, url: context.documentUrl }] : [],
      );
    },
    fetch: (url, init) => fetch(url, init),
    getURL: (path) => chrome.runtime.getURL(path),
    notify: (message) => {
      chrome.runtime.sendMessage(message).catch(() => undefined);
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
  headers: Partial<Record<'x-voucher-required' | 'x-voucher-receipt' | 'content-type' | 'content-length', string>>;
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

const READ_RESPONSE_HEADERS = ['x-voucher-required', 'x-voucher-receipt', 'content-type', 'content-length'] as const;

/** The requesting document's origin: Chromium's `initiator`; Firefox names the document's URL `originUrl`. */
function initiatorOf(details: chrome.webRequest.WebRequestDetails): string | undefined {
  if (details.initiator) return details.initiator;
  const originUrl = (details as { originUrl?: string }).originUrl;
  if (!originUrl) return undefined;
  try {
    return new URL(originUrl).origin;
  } catch {
    return undefined;
  }
}

/**
 * Registers the worker's browser event listeners. Called synchronously at the worker's top level,
 * so Chrome wakes a stopped worker for any of them. webRequest is observe-only (non-blocking);
 * `extraHeaders` shows the x-voucher request header our rule added and the receipt response header
 * our rule removes from what the page sees.
 */
export function listenToBrowser(events: BrowserEvents): void {
  const filter: chrome.webRequest.RequestFilter = { urls: ['http://*/*', 'https://*/*'], types: ['xmlhttprequest'] };
  const base = (details: chrome.webRequest.WebRequestDetails): ObservedRequest => ({
    requestId: details.requestId,
    tabId: details.tabId,
    frameId: details.frameId,
    ...(initiatorOf(details) ? { initiator: initiatorOf(details)! } : {}),
    url: details.url,
    method: details.method,
    at: details.timeStamp,
  });
  // A CORS preflight is the browser's, not a request of the page's to record.
  const ignored = (details: chrome.webRequest.WebRequestDetails) => details.tabId < 0 || details.method === 'OPTIONS';
  // Firefox has no `extraHeaders` (it shows every header without it) and throws on the name.
  const withExtra = <T extends string>(spec: T[]): (T | 'extraHeaders')[] => {
    const known = Object.values((chrome.webRequest as unknown as { OnSendHeadersOptions?: Record<string, string> }).OnSendHeadersOptions ?? {});
    return known.length === 0 || known.includes('extraHeaders') ? [...spec, 'extraHeaders'] : spec;
  };
  chrome.webRequest.onSendHeaders.addListener(
    (details) => {
      if (ignored(details)) return;
      const headers: Record<string, string> = {};
      for (const header of details.requestHeaders ?? []) if (header.value !== undefined) headers[header.name.toLowerCase()] = header.value;
      events.sent({ ...base(details), voucher: headers[VOUCHER_REQUEST_HEADER] ?? null, headers });
    },
    filter,
    withExtra(['requestHeaders']) as chrome.webRequest.OnSendHeadersOptions[],
  );
  chrome.webRequest.onHeadersReceived.addListener(
    (details) => {
      if (ignored(details)) return;
      const headers: ObservedResponse['headers'] = {};
      for (const header of details.responseHeaders ?? []) {
        const name = header.name.toLowerCase() as (typeof READ_RESPONSE_HEADERS)[number];
        if (READ_RESPONSE_HEADERS.includes(name) && header.value !== undefined) headers[name] = header.value;
      }
      events.headers({ ...base(details), status: details.statusCode, headers });
    },
    filter,
    withExtra(['responseHeaders']) as chrome.webRequest.OnHeadersReceivedOptions[],
  );
  chrome.webRequest.onCompleted.addListener((details) => {
    if (!ignored(details)) events.ended(base(details));
  }, filter);
  chrome.webRequest.onErrorOccurred.addListener((details) => {
    if (!ignored(details)) events.ended({ ...base(details), error: details.error });
  }, filter);
  chrome.tabs.onRemoved.addListener((tabId) => events.tabRemoved(tabId));
  chrome.tabs.onUpdated.addListener((tabId, change) => {
    if (change.url !== undefined) events.tabNavigated(tabId, change.url);
  });
  chrome.windows.onRemoved.addListener((windowId) => events.windowRemoved(windowId));
}
