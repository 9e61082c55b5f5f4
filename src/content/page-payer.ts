// MAIN world: viem-free, and nothing here ever holds a voucher, an address or a header receipt.
import { isPaymentRequired, isRecoveryAnswer, MAX_PAYMENT_ROUNDS } from '../payer/paying-fetch';
import { replayableRequest } from '../payer/http-body';
import { streamBodyWithReceipt } from '../payer/stream-body';
import type { WorkerBridge } from './page-port';

/** Reply codes of a worker that went away mid-request, not of a decision. */
export const TRANSIENT_REPLY_CODES: ReadonlySet<string> = new Set(['worker_unreachable', 'no_reply']);
/** How long a page's first requests wait for the hello (the worker installing its rules) before they go. */
export const HELLO_WAIT_MS = 2_000;
/** How long a 402 waits for a decision in all; the worker holds each question up to a minute. */
export const APPROVAL_WAIT_MS = 5 * 60_000;
export const TRANSIENT_RETRY_MS = 200;
/** The longest a paid retry waits for the worker to count its receipt. */
export const SETTLE_WAIT_MS = 1_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface PayAnswer {
  retry: boolean;
  again?: boolean;
}

export interface PagePayer {
  /** window.fetch as the page sees it. */
  fetch: typeof globalThis.fetch;
  /** Requests the page sends wait for this once (the hello); resolved at once afterwards. */
  ready(): Promise<void> | null;
  /**
   * Asks the worker to pay a 402 the page got from `url` (the worker checks the browser saw it).
   * `retry` once the worker's header rule is in place: the request may go once more (`again`: a
   * further 402 to it is asked about too). One question per vendor origin is asked at a time;
   * other 402s from it share its answer, and so do the 402s of requests sent before that answer
   * came (`sentAt`, performance.now(); by default now, which always asks): a flood of requests
   * that left before the user decided is answered by that decision, not one question each.
   */
  pay(url: string, body: string | null, sentAt?: number): Promise<PayAnswer>;
  /** Removes a stream's in-band receipt from what the page reads and relays it to the worker. */
  withoutReceipt(response: Response): Response;
  /** Hands a stream's in-band receipt (and the vendor's signature, if seen) to the worker. */
  relayReceipt(url: string, data: string, signature: string | null): void;
}

/**
 * The page world's side of payments. The worker attaches the x-voucher header itself (a
 * declarativeNetRequest rule the page cannot see) and reads receipts from the network
 * (webRequest); all that is left here is the first-request flow: a 402 of this protocol asks the
 * worker, which takes the vendor from what the browser observed, asks the user, installs the rule
 * and answers, and the request is sent once more.
 */
export function createPagePayer(bridge: WorkerBridge, nativeFetch: typeof globalThis.fetch): PagePayer {
  let helloDone = false;
  // The hello goes once the port is there: asked any earlier it could only meet no_bridge.
  const hello = new Promise<void>((resolve) => bridge.onConnect(() => void bridge.ask('page.hello', {}).then(() => resolve())));
  const helloOrTimeout = Promise.race([hello, sleep(HELLO_WAIT_MS)]).then(() => void (helloDone = true));
  const asking = new Map<string, Promise<PayAnswer>>();
  const answered = new Map<string, { at: number; answer: PayAnswer }>();

  async function ask(url: string, body: string | null): Promise<PayAnswer> {
    const until = Date.now() + APPROVAL_WAIT_MS;
    for (;;) {
      const reply = await bridge.ask('page.paymentRequired', { url, body });
      if (reply.ok && 'retry' in reply.value) return reply.value.again ? { retry: true, again: true } : { retry: true };
      if (Date.now() > until) return { retry: false };
      // Still deciding after the worker's hold: ask again. A worker stopped while holding the
      // question left no reply; the next question wakes a new one, which finds the same approval.
      if (reply.ok) continue;
      if (!TRANSIENT_REPLY_CODES.has(reply.code)) return { retry: false };
      await sleep(TRANSIENT_RETRY_MS);
    }
  }

  const payer: PagePayer = {
    ready: () => (helloDone ? null : helloOrTimeout),
    pay(url, body, sentAt = performance.now()) {
      const origin = new URL(url).origin;
      const last = answered.get(origin);
      if (last && last.at > sentAt) return Promise.resolve(last.answer);
      let answer = asking.get(origin);
      if (!answer) {
        answer = ask(url, body)
          .then((value) => (answered.set(origin, { at: performance.now(), answer: value }), value))
          .finally(() => asking.delete(origin));
        asking.set(origin, answer);
      }
      return answer;
    },
    withoutReceipt(response) {
      if (!(response.headers.get('content-type') ?? '').includes('text/event-stream') || !response.body) return response;
      const url = response.url;
      const body = streamBodyWithReceipt(response.body, {
        onReceipt: (data, signature) => payer.relayReceipt(url, data, signature),
        onEnd: async () => undefined,
        onFailure: async () => undefined,
      });
      const wrapped = new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
      for (const name of ['url', 'redirected', 'type'] as const) Object.defineProperty(wrapped, name, { value: response[name] });
      return wrapped;
    },
    relayReceipt(url, data, signature) {
      void bridge.ask('page.streamReceipt', { url, data, signature });
    },
    async fetch(input, init) {
      await payer.ready();
      // The retry needs the body again: a stream body is sent once (its 402 reaches the page,
      // whose own retry is paid, since the worker was still asked).
      const replay = await replayableRequest(input, init);
      let sentAt = performance.now();
      let response = await nativeFetch(replay.input, replay.init);
      let body = isPaymentRequired(response) ? await response.clone().text() : '';
      for (let round = 1; isPaymentRequired(response); round++) {
        const recovering = isRecoveryAnswer(response.status, body);
        const paid = await payer.pay(response.url, body, sentAt);
        if (!replay.again || !paid.retry) break;
        // A Request's body goes once per clone: the original stays for a further round.
        sentAt = performance.now();
        response = await nativeFetch(replay.again instanceof Request ? replay.again.clone() : replay.again, replay.init);
        // The first receipt of a new voucher usually calls for a top-up: the page's next request
        // should carry it, so the retry is handed over once the worker has counted its receipt.
        await Promise.race([bridge.ask('page.settle', {}), sleep(SETTLE_WAIT_MS)]);
        if (!isPaymentRequired(response)) break;
        body = await response.clone().text();
        // Another round only around an answer showing held vouchers (a nonce_conflict 403, or a
        // 402 listing heldVouchers: the worker adopts them, §5.1, and the adopted ones may be
        // spent: the next 402 asks for a new one) or after a Retry-After wait (§7.1); never a
        // loop a vendor's 402s drive alone.
        if (round === MAX_PAYMENT_ROUNDS || !(recovering || isRecoveryAnswer(response.status, body) || paid.again)) break;
      }
      return payer.withoutReceipt(response);
    },
  };
  return payer;
}
