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

/** What the page sent: the record's request fields. Re-checked by the worker, never trusted. */
export interface RecordRequest {
  /** The page's clock when it sent the request, ms since the epoch. */
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

export interface RecordResponse {
  status: number;
  /** From send to the response headers, measured by the page. */
  durationMs: number;
  stream: boolean;
}

export interface ReceiptSeen {
  source: 'header' | 'sse';
  /** The raw x-voucher-receipt header, or the data of an SSE voucher-receipt event. */
  value: string;
  /** From send to the receipt, measured by the page: what the vendor's time claim is checked against. */
  elapsedMs: number;
}

export interface RecordFailure {
  code: string;
  message: string;
}

/**
 * What is new about one page request to a vendor since the last batch, batched to the worker off
 * the request path. A request that ends within one batch window is a single event carrying all
 * of it (request, response, receipt, end); a long one or a stream sends its request first, so a
 * record exists while it runs, and the rest later. `request` comes once, in the first event.
 */
export interface RecordEvent {
  clientTxRef: string;
  request?: RecordRequest;
  response?: RecordResponse;
  receipt?: ReceiptSeen;
  /** The request is over: answered (a non-stream), read to its end, failed or cancelled. */
  end?: { error?: RecordFailure };
}

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
       * The request, whose record is created here (a vendor not yet approved for this page enters
       * the log only now that the 402 shows it is this protocol's traffic); later record events
       * for it carry no `request`.
       */
      request?: RecordRequest;
    };
    output: { paid: VendorHeader } | { awaitingApproval: string };
  };
  /**
   * Returns fresh headers when a receipt led to a top-up voucher, and for each vendor whose
   * receipts were counted whether the worker wants its next receipts promptly (credit is near a
   * top-up) or they may wait for a longer batch.
   */
  'page.records': {
    input: { events: RecordEvent[] };
    output: { vendors: VendorHeader[]; receiptPace: { vendorOrigin: string; prompt: boolean }[] };
  };
}

export type PageRequestType = keyof PageApi;
export type PageInput<T extends PageRequestType> = PageApi[T]['input'];
export type PageOutput<T extends PageRequestType> = PageApi[T]['output'];

export interface PageEnvelope<T extends PageRequestType = PageRequestType> {
  channel: 'page';
  type: T;
  input: PageInput<T>;
}
