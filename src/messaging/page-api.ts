/**
 * Requests the content bridge relays from the page world to the worker. The worker takes the
 * page origin and tab from the browser's sender record, and what happened on the network from
 * webRequest, never from these inputs, and validates each one. None of the answers carries a
 * voucher, an address or a receipt: the worker attaches headers itself (declarativeNetRequest).
 * The MAIN-world wrapper imports only its types; the bridge imports the allow-list.
 */

export interface PageApi {
  /**
   * A document started: the worker notes this tab's page origin and installs its header rules
   * before answering, so requests the page sends after the answer carry its vouchers.
   */
  'page.hello': { input: Record<string, never>; output: Record<string, never> };
  /**
   * A request of this page was answered with this protocol's 402. The worker pays only a 402 the
   * browser saw this tab's page receive (the vendor's origin is the observed one, whatever `url`
   * says), asks the user when the vendor is new (one window per page at a time) and answers when
   * decided: `retry` once the header rule is in place, or `awaitingApproval` when the user is
   * still deciding after a while (the page asks again).
   */
  'page.paymentRequired': {
    input: {
      url: string;
      /** The 402 body (the payment requirements), checked against the vendor's own discovery document; null when the page could not read it (EventSource), and the worker fetches it. */
      body: string | null;
    };
    /** `again`: the 402 had a Retry-After, so a further 402 to the retry is asked about too (§7.1). */
    output: { retry: true; again?: true } | { awaitingApproval: string };
  };
  /**
   * The page's paid retry came back: answered once the worker has counted what it observed so far
   * (and installed the top-up that receipt called for), so the page's next request carries it.
   * Sent only after a paid retry; it tells the worker nothing it acts on.
   */
  'page.settle': { input: Record<string, never>; output: Record<string, never> };
  /**
   * The in-band receipt (last server-sent event) of a stream from `url`, which only the page
   * sees. Accepted only for a stream the browser saw this tab open; it counts toward top-ups only
   * with the vendor's signature (docs/protocol.md §7.6).
   */
  'page.streamReceipt': { input: { url: string; data: string; signature: string | null }; output: Record<string, never> };
}

export type PageRequestType = keyof PageApi;
export type PageInput<T extends PageRequestType> = PageApi[T]['input'];
export type PageOutput<T extends PageRequestType> = PageApi[T]['output'];

export interface PageEnvelope<T extends PageRequestType = PageRequestType> {
  channel: 'page';
  type: T;
  input: PageInput<T>;
}

/** The page requests the bridge relays: checked against PageApi, so neither can drift. */
export const PAGE_REQUEST_TYPES = {
  'page.hello': true,
  'page.paymentRequired': true,
  'page.settle': true,
  'page.streamReceipt': true,
} as const satisfies Record<PageRequestType, true>;

export function isPageRequestType(type: unknown): type is PageRequestType {
  return typeof type === 'string' && Object.hasOwn(PAGE_REQUEST_TYPES, type);
}
