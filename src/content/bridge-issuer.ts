import type { PaymentChallenge, ChallengeAnswer, PaymentIssuer, VendorHeader } from '../payer/paying-fetch';
import type { WorkerBridge } from './page-port';

/** Reply codes of a worker that went away mid-request, not of a decision. */
export const TRANSIENT_REPLY_CODES: ReadonlySet<string> = new Set(['worker_unreachable', 'no_reply']);

export interface BridgeIssuerOptions {
  /** ms since the epoch. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** What a request to this vendor waits for before it takes the header (receipts on their way to the worker). */
  headerSettled?: (vendorOrigin: string) => Promise<void> | null;
}

export interface BridgeIssuer extends PaymentIssuer {
  /** Fresh headers the worker sent along with another reply (a top-up after a receipt). */
  remember(headers: readonly VendorHeader[]): void;
}

/** How long a page's first requests wait for the hello before they go without headers. */
export const HELLO_WAIT_MS = 2_000;
/** The page asks again this often while the user decides on an approval. */
export const APPROVAL_POLL_MS = 1_000;
export const TRANSIENT_RETRY_MS = 200;
export const APPROVAL_WAIT_MS = 5 * 60_000;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The page world's issuer: it holds the headers the worker handed to this page (hello, top-ups,
 * paid 402s) and asks the worker over the bridge when a vendor answers 402, polling while the
 * user decides. No polling message is held open, so a worker killed meanwhile loses nothing.
 */
export function createBridgeIssuer(bridge: WorkerBridge, options: BridgeIssuerOptions = {}): BridgeIssuer {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const vendors = new Map<string, VendorHeader>();
  const remember = (headers: readonly VendorHeader[]) => {
    for (const header of headers) vendors.set(header.vendorOrigin, header);
  };
  bridge.onForgetHeaders(() => vendors.clear());

  let helloDone = false;
  // The hello goes once the port is there: asked any earlier it could only meet no_bridge.
  const hello = new Promise<void>((resolve) =>
    bridge.onConnect(() =>
      void bridge.ask('page.hello', {}).then((reply) => {
        if (reply.ok) remember(reply.value.vendors);
        resolve();
      }),
    ),
  );
  const ready = Promise.race([hello, sleep(HELLO_WAIT_MS)]).then(() => void (helloDone = true));

  return {
    remember,
    currentHeader(vendorOrigin) {
      const settled = options.headerSettled?.(vendorOrigin) ?? null;
      if (helloDone && !settled) return vendors.get(vendorOrigin) ?? null;
      return Promise.all([ready, settled]).then(() => vendors.get(vendorOrigin) ?? null);
    },
    async paymentRequired(challenge: PaymentChallenge): Promise<ChallengeAnswer> {
      const until = now() + APPROVAL_WAIT_MS;
      const input = {
        url: challenge.url,
        status: 402,
        body: challenge.body,
        sentNewestNonce: challenge.sent?.newestNonce ?? null,
        clientTxRef: challenge.clientTxRef,
        durationMs: challenge.durationMs,
        request: challenge.request,
      };
      for (;;) {
        const reply = await bridge.ask('page.paymentRequired', input);
        // A worker killed while answering leaves no reply; the next message wakes a new one, and a
        // repeated ask is safe (a voucher it had signed is resent, not signed again).
        if (!reply.ok && TRANSIENT_REPLY_CODES.has(reply.code) && now() < until) {
          await sleep(TRANSIENT_RETRY_MS);
          continue;
        }
        if (!reply.ok) return { ok: false, failure: { code: reply.code, message: reply.message } };
        if ('paid' in reply.value) {
          remember([reply.value.paid]);
          return { ok: true, header: reply.value.paid.header };
        }
        if (now() > until) return { ok: false, failure: { code: 'approval_timeout', message: 'no decision on the approval in time' } };
        await sleep(APPROVAL_POLL_MS);
        challenge.signal?.throwIfAborted();
      }
    },
  };
}
