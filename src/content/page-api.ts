/**
 * Requests the content bridge relays from the page world to the worker. The worker takes the
 * page origin from the browser's sender record, never from these inputs, and validates each one.
 * Types only: the MAIN-world wrapper imports this for checking and ships none of it.
 */

/** The current x-voucher header for one vendor approved for the asking page. */
export interface VendorHeader {
  vendorOrigin: string;
  header: string;
  /** Nonce of the newest voucher in `header`, echoed back on a 402 so the worker can tell a stale header. */
  newestNonce: bigint;
}

export type RecordProtocol = 'http' | 'mcp' | 'other';

/** Lifecycle of one page request to a vendor, batched to the worker off the request path. */
export type RecordEvent =
  | {
      kind: 'started';
      clientTxRef: string;
      at: number;
      method: string;
      url: string;
      headersSummary: Record<string, string>;
      bodyHash?: string;
      bodySize?: number;
      stream: boolean;
      protocol: RecordProtocol;
      operation?: string;
    }
  | { kind: 'headers'; clientTxRef: string; status: number; durationMs: number; stream: boolean }
  /** `value` is the raw x-voucher-receipt header, or the data of an SSE voucher-receipt event. */
  | { kind: 'receipt'; clientTxRef: string; source: 'header' | 'sse'; value: string }
  | { kind: 'finished'; clientTxRef: string }
  | { kind: 'error'; clientTxRef: string; code: string; message: string };

export interface PageApi {
  'page.hello': { input: Record<string, never>; output: { vendors: VendorHeader[] } };
  'page.paymentRequired': {
    input: {
      url: string;
      status: number;
      /** The 402 body text (the payment requirements). */
      body: string;
      sentNewestNonce: bigint | null;
      clientTxRef: string;
      /** From send to the 402's headers. */
      durationMs?: number;
      /**
       * The request, for a vendor not yet approved for this page: its record is created only now
       * that the 402 shows it is this protocol's traffic.
       */
      started?: Extract<RecordEvent, { kind: 'started' }>;
    };
    output: { paid: VendorHeader } | { awaitingApproval: string };
  };
  /** Returns fresh headers when a receipt led to a top-up voucher. */
  'page.records': { input: { events: RecordEvent[] }; output: { vendors: VendorHeader[] } };
}

export type PageRequestType = keyof PageApi;
export type PageInput<T extends PageRequestType> = PageApi[T]['input'];
export type PageOutput<T extends PageRequestType> = PageApi[T]['output'];

export interface PageEnvelope<T extends PageRequestType = PageRequestType> {
  channel: 'page';
  type: T;
  input: PageInput<T>;
}
