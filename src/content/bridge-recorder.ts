import type { PageOutput } from '../messaging/page-api';
import type { Reply } from '../messaging/reply';
import type { PaymentRecorder, RecordPart, VendorHeader } from '../payer/paying-fetch';
import type { RecordEvent, RecordRequest } from '../payer/record-model';
import { TRANSIENT_REPLY_CODES } from './bridge-issuer';
import type { WorkerBridge } from './page-port';

/** A receipt of a vendor whose credit is near a top-up (or not known yet) waits at most this. */
export const PROMPT_FLUSH_MS = 25;
/**
 * Anything else waits up to this for more to batch with: the worker's storage work is mostly
 * per batch, and while it runs, the page's own fetches are slower.
 */
export const FLUSH_MS = 250;
/** The worker's limit on one batch. */
export const MAX_BATCH = 256;
/**
 * A request still running after this is told to the worker before it ends, so its record exists
 * (and is swept as interrupted if the page goes away). Shorter ones are told once, when answered.
 */
export const ANNOUNCE_AFTER_MS = 250;
export const BATCH_REPLY_MS = 10_000;
export const RESEND_MS = 200;
export const MAX_FLUSH_ATTEMPTS = 5;
/** The longest a request waits for its vendor's receipts to reach the worker (see receiptsCounted). */
export const COUNT_WAIT_MS = 1_000;

/** One request's record as the page tells it: what the worker has not heard yet. */
interface Tracked {
  ref: string;
  vendorOrigin: string;
  unsent: RecordEvent | null;
  /** The unsent part goes with the next batch (otherwise it waits for more to coalesce with). */
  due: boolean;
  /** Holds a receipt the worker wants promptly. */
  prompt: boolean;
  ended: boolean;
  announce?: ReturnType<typeof setTimeout>;
}

export interface BridgeRecorderOptions {
  /** Fresh headers the worker returned with a batch (a top-up voucher). */
  onVendorHeaders(headers: readonly VendorHeader[]): void;
}

export interface BridgeRecorder extends PaymentRecorder {
  /** The page is going away: send everything now, running requests included. */
  flushNow(): void;
  /**
   * Resolves once this vendor's receipts that the worker wants promptly have reached it and been
   * answered (or after COUNT_WAIT_MS); null when none is on its way. The next request to a vendor
   * whose credit is near a top-up waits on it, so it carries the voucher the worker signs for
   * those receipts: leaving with the old header, it meets a vendor whose credit ran out.
   */
  receiptsCounted(vendorOrigin: string): Promise<void> | null;
}

/**
 * The page world's recorder: what happens to a request goes to the worker batched, so a paid
 * request in steady state waits for no message, and coalesced: a request answered within one
 * batch window is one event, which the worker writes once. One batch is with the worker at a
 * time; while it is applied, the next grows, so a busy worker gets fewer, larger batches.
 */
export function createBridgeRecorder(bridge: WorkerBridge, options: BridgeRecorderOptions): BridgeRecorder {
  /** The latest request under each ref, to find it by later events. */
  const byRef = new Map<string, Tracked>();
  /** Requests with unsent parts, in the order they started. */
  const tracked = new Set<Tracked>();
  /** Events of a batch the worker did not take (it died): they go first in the next one. */
  let resend: RecordEvent[] = [];
  let flushTimer: ReturnType<typeof setTimeout> | undefined;
  let flushAt = 0;
  /** Vendors whose receipts the worker said may wait (credit far from a top-up). */
  const relaxed = new Set<string>();
  let sending = false;
  /** Vendors with a prompt receipt in the batch with the worker or waiting to be resent. */
  let flying = new Set<string>();
  const waiters: { vendorOrigin: string; resolve: () => void }[] = [];
  bridge.onForgetHeaders(() => relaxed.clear());

  function promptPending(vendorOrigin: string): boolean {
    if (flying.has(vendorOrigin)) return true;
    for (const entry of tracked) if (entry.prompt && entry.vendorOrigin === vendorOrigin) return true;
    return false;
  }

  function wakeWaiters(): void {
    for (const waiter of [...waiters]) {
      if (promptPending(waiter.vendorOrigin)) continue;
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  }

  function track(ref: string, vendorOrigin: string, request: RecordRequest | null): Tracked {
    const entry: Tracked = { ref, vendorOrigin, unsent: null, due: false, prompt: false, ended: false };
    byRef.set(ref, entry);
    if (request) {
      note(entry, { request }, false);
      entry.announce = setTimeout(() => note(entry, {}, true), ANNOUNCE_AFTER_MS);
    }
    return entry;
  }

  /** Adds to what the worker will hear about a request; `due` (or the end) sends it with the next batch. */
  function note(entry: Tracked, part: Omit<RecordEvent, 'clientTxRef'>, due: boolean): void {
    if (entry.ended) return;
    entry.unsent = { ...(entry.unsent ?? { clientTxRef: entry.ref }), ...part };
    if (part.end) {
      entry.ended = true;
      clearTimeout(entry.announce);
      if (byRef.get(entry.ref) === entry) byRef.delete(entry.ref);
    }
    entry.due ||= due || entry.ended;
    entry.prompt ||= part.receipt !== undefined && !relaxed.has(entry.vendorOrigin);
    tracked.add(entry);
    if (entry.due) scheduleFlush(entry.prompt);
  }

  function scheduleFlush(prompt: boolean): void {
    if (sending) return;
    // A request waiting on a receipt does not wait for more to batch with.
    const awaited = prompt && waiters.some((waiter) => promptPending(waiter.vendorOrigin));
    const at = Date.now() + (awaited ? 0 : prompt ? PROMPT_FLUSH_MS : FLUSH_MS);
    if (flushTimer !== undefined && flushAt <= at) return;
    clearTimeout(flushTimer);
    flushAt = at;
    flushTimer = setTimeout(flush, at - Date.now());
  }

  function takeDue(): RecordEvent[] {
    const events = resend.splice(0, MAX_BATCH);
    for (const entry of tracked) {
      if (events.length >= MAX_BATCH) break;
      if (!entry.due) continue;
      events.push(entry.unsent!);
      if (entry.prompt) flying.add(entry.vendorOrigin);
      clearTimeout(entry.announce);
      entry.unsent = null;
      entry.due = false;
      entry.prompt = false;
      tracked.delete(entry);
    }
    return events;
  }

  function flush(attempt = 1): void {
    clearTimeout(flushTimer);
    flushTimer = undefined;
    const events = takeDue();
    if (events.length === 0) return wakeWaiters();
    sending = true;
    // A batch never answered (the bridge went away) must not hold back every later one.
    const unanswered = new Promise<Reply<never>>((resolve) =>
      setTimeout(() => resolve({ ok: false, code: 'no_reply', message: 'no reply' }), BATCH_REPLY_MS),
    );
    void Promise.race([bridge.ask('page.records', { events }), unanswered]).then((reply: Reply<PageOutput<'page.records'>>) => {
      sending = false;
      if (reply.ok) {
        options.onVendorHeaders(reply.value.vendors);
        for (const { vendorOrigin, prompt } of reply.value.receiptPace) {
          if (prompt) relaxed.delete(vendorOrigin);
          else relaxed.add(vendorOrigin);
        }
      }
      // The worker died with the batch: send it again rather than leave records pending. The worker
      // applies a batch idempotently (a record already paid ignores a second receipt).
      else if (TRANSIENT_REPLY_CODES.has(reply.code) && attempt < MAX_FLUSH_ATTEMPTS) {
        resend = [...events, ...resend];
        clearTimeout(flushTimer);
        flushAt = Date.now() + RESEND_MS;
        flushTimer = setTimeout(() => flush(attempt + 1), RESEND_MS);
        return;
      }
      flying = new Set();
      wakeWaiters();
      const due = [...tracked].filter((entry) => entry.due);
      if (resend.length > 0 || due.length > 0) scheduleFlush(resend.length > 0 || due.some((entry) => entry.prompt));
    });
  }

  return {
    start(ref, vendorOrigin, request) {
      track(ref, vendorOrigin, request);
    },
    /** page.paymentRequired creates the record from the request: later events need not carry it. */
    challenged(ref, vendorOrigin) {
      const entry = byRef.get(ref);
      if (!entry || entry.ended) {
        track(ref, vendorOrigin, null);
        return;
      }
      clearTimeout(entry.announce);
      if (entry.unsent) {
        delete entry.unsent.request;
        if (Object.keys(entry.unsent).length === 1) {
          entry.unsent = null;
          entry.due = false;
          tracked.delete(entry);
        }
      }
    },
    note(ref, part: RecordPart) {
      const entry = byRef.get(ref);
      if (entry) note(entry, part, true);
    },
    // Best effort, even with a batch in flight: the bridge may not get to relay it.
    flushNow() {
      for (const entry of tracked) entry.due = true;
      flush();
    },
    receiptsCounted(vendorOrigin) {
      if (!promptPending(vendorOrigin)) return null;
      const counted = new Promise<void>((resolve) => {
        const waiter = { vendorOrigin, resolve };
        waiters.push(waiter);
        setTimeout(() => {
          const at = waiters.indexOf(waiter);
          if (at >= 0) waiters.splice(at, 1);
          resolve();
        }, COUNT_WAIT_MS);
      });
      if (flushTimer !== undefined) scheduleFlush(true);
      return counted;
    },
  };
}
