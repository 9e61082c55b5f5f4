import { createPayingFetch } from '../payer/paying-fetch';
import { createBridgeIssuer } from './bridge-issuer';
import { createBridgeRecorder } from './bridge-recorder';
import type { WorkerBridge } from './page-port';

/**
 * The page world's paying fetch over the bridge: the issuer holds the headers, the recorder
 * batches records, and a request waits for its vendor's prompt receipts to be counted, so the
 * top-up they call for rides on it.
 */
export function createPagePayer(bridge: WorkerBridge, fetch: typeof globalThis.fetch) {
  const recorder = createBridgeRecorder(bridge, { onVendorHeaders: (headers) => issuer.remember(headers) });
  const issuer = createBridgeIssuer(bridge, { headerSettled: (vendorOrigin) => recorder.receiptsCounted(vendorOrigin) });
  return { fetch: createPayingFetch({ fetch, issuer, recorder }), flushNow: recorder.flushNow };
}
