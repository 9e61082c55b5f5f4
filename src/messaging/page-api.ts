/**
 * Requests the content bridge relays from the page world to the worker. The worker takes the
 * page origin from the browser's sender record, never from these inputs, and validates each one.
 * The MAIN-world wrapper imports only its types; the bridge imports the allow-list.
 */
import type { VendorHeader } from '../payer/paying-fetch';
import type { RecordEvent, RecordRequest } from '../payer/record-model';

/** The current x-voucher header for one vendor approved for the asking page. */
export type { VendorHeader } from '../payer/paying-fetch';

export type { RecordEvent, RecordFailure, RecordProtocol, RecordRequest, RecordResponse, ReceiptSeen } from '../payer/record-model';

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

/** The page requests the bridge relays: checked against PageApi, so neither can drift. */
export const PAGE_REQUEST_TYPES = {
  'page.hello': true,
  'page.paymentRequired': true,
  'page.records': true,
} as const satisfies Record<PageRequestType, true>;

export function isPageRequestType(type: unknown): type is PageRequestType {
  return typeof type === 'string' && Object.hasOwn(PAGE_REQUEST_TYPES, type);
}
