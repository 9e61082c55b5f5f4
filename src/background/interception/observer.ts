import { InProcessKeyedLock } from '../../lib/keyed-lock';
import { newestNonceOfHeader } from '../../payer/voucher-issuer';
import type { RecordEvent, RecordRequest } from '../../payer/record-model';
import { RECEIPT_HEADER, REQUIREMENTS_HEADER, STREAM_SETTLED_HEADER } from '../../protocol/constants';
import { pickWhitelistedHeaders } from '../../storage/privacy';
import type { ObservedEnd, ObservedResponse, ObservedSend } from '../platform';
import { RecordBatch } from '../records/record-batch';
import { quietly } from '../records/recording';
import type { Services } from '../services';
import { syncRules } from './header-rules';

export const SESSION_TAG_KEY = 'network.sessionTag';
/** Events answered this close together are applied as one batch (one storage transaction). */
export const OBSERVER_BATCH_MS = 15;

// Batches of one page origin are applied in order, so a request's end never overtakes its start.
const origins = new InProcessKeyedLock();

/**
 * The record key of a request the browser observed: webRequest's requestId is unique within a
 * browser session, so it is prefixed with a tag drawn once per session. The page's own
 * x-client-tx-ref names nothing here: a page cannot address, squat or overwrite a record.
 */
export async function recordRef(services: Services, requestId: string): Promise<string> {
  services.interception.sessionTag ??= (async () => {
    const stored = (await services.platform.session.get(SESSION_TAG_KEY))[SESSION_TAG_KEY];
    if (typeof stored === 'string') return stored;
    const tag = crypto.randomUUID().slice(0, 8);
    await services.platform.session.set({ [SESSION_TAG_KEY]: tag });
    return tag;
  })();
  return `wr-${await services.interception.sessionTag}-${requestId}`;
}

function pageOriginOf(initiator: string | undefined): string | null {
  return initiator && /^https?:\/\/[^/]+$/.test(initiator) ? initiator : null;
}

/** A request left: remember when, and which voucher our rule attached (the browser's view). */
export function onRequestSent(services: Services, sent: ObservedSend): void {
  services.interception.sent.set(sent.requestId, {
    at: sent.at,
    newestNonce: sent.voucher === null ? null : newestNonceOfHeader(sent.voucher),
    headersSummary: pickWhitelistedHeaders(sent.headers),
  });
}

/**
 * A response's headers arrived. A protocol 402 becomes a challenge a page may ask about; a
 * response to a request that carried our voucher (or that brought a receipt) becomes a record
 * event of its page origin. Anything else is left alone, with no storage work.
 */
export async function onResponseHeaders(services: Services, response: ObservedResponse): Promise<void> {
  const pageOrigin = pageOriginOf(response.initiator);
  if (!pageOrigin) return;
  const sent = services.interception.sent.get(response.requestId);
  const ref = await recordRef(services, response.requestId);
  // A 402 of this protocol, or the nonce_conflict 403 that shows the vouchers a lost state forgot
  // (§5.1): both carry x-voucher-required, and the page asks about both.
  if ((response.status === 402 || response.status === 403) && response.headers[REQUIREMENTS_HEADER] !== undefined) {
    const retryAfter = response.headers['retry-after'];
    await services.challenges.add({
      ref,
      tabId: response.tabId,
      initiator: pageOrigin,
      url: response.url,
      method: response.method,
      at: response.at,
      sentNewestNonce: sent?.newestNonce ?? null,
      status: response.status,
      ...(retryAfter !== undefined ? { retryAfter } : {}),
    });
    return;
  }
  const receipt = response.headers[RECEIPT_HEADER];
  if (sent?.newestNonce == null && receipt === undefined) return;
  // A stream the vendor settles says so (§7.4): its record waits for the receipt event. Any other
  // event stream (a free route's) is not settled and gets no receipt, so it is recorded at once.
  const stream = (response.headers['content-type'] ?? '').includes('text/event-stream');
  const awaitsReceiptEvent = stream && response.headers[STREAM_SETTLED_HEADER] !== undefined;
  const durationMs = sent ? Math.max(0, response.at - sent.at) : 0;
  const headersSummary = sent?.headersSummary ?? {};
  const request: RecordRequest = { at: sent?.at ?? response.at, method: response.method, url: response.url, headersSummary, stream, protocol: 'http' };
  const event: RecordEvent = { clientTxRef: ref, request, response: { status: response.status, durationMs, stream } };
  if (receipt !== undefined) {
    event.receipt = { source: 'header', value: receipt, elapsedMs: durationMs };
    const length = response.headers['content-length'];
    if (length !== undefined && /^[0-9]+$/.test(length)) event.receipt.bytes = Number(length);
  }
  if (awaitsReceiptEvent) {
    services.interception.streams.add(response.requestId);
    await services.openStreams.add({ ref, tabId: response.tabId, initiator: pageOrigin, url: response.url, at: sent?.at ?? response.at });
  } else {
    event.end = {};
  }
  queue(services, pageOrigin, event);
}

/** A request ended. Only a stream's record waits for its end (a failure; its receipt ends it otherwise). */
export async function onRequestEnded(services: Services, end: ObservedEnd): Promise<void> {
  services.interception.sent.delete(end.requestId);
  if (!services.interception.streams.delete(end.requestId)) return;
  const pageOrigin = pageOriginOf(end.initiator);
  if (!pageOrigin || end.error === undefined) return;
  const ref = await recordRef(services, end.requestId);
  await services.openStreams.remove(ref);
  queue(services, pageOrigin, { clientTxRef: ref, end: { error: { code: 'stream_aborted', message: end.error.slice(0, 500) } } });
}

function queue(services: Services, pageOrigin: string, event: RecordEvent): void {
  const state = services.interception;
  const events = state.queued.get(pageOrigin) ?? [];
  events.push(event);
  state.queued.set(pageOrigin, events);
  state.flushTimer ??= setTimeout(() => void flushObserved(services), OBSERVER_BATCH_MS);
}

/** Applies what is queued now, per page origin; rebuilds the header rules after a top-up. */
export function flushObserved(services: Services): Promise<void> {
  const state = services.interception;
  clearTimeout(state.flushTimer);
  state.flushTimer = undefined;
  const batches = [...state.queued];
  state.queued.clear();
  const applied = Promise.all(
    batches.map(([pageOrigin, events]) =>
      origins.run(pageOrigin, async () => {
        let toppedUp = false;
        await quietly(async () => void ({ toppedUp } = await RecordBatch.apply(events, pageOrigin, services)));
        if (toppedUp) await syncRules(services);
      }),
    ),
  ).then(() => undefined);
  state.flushing = Promise.all([state.flushing, applied]).then(() => undefined);
  return applied;
}

/** Everything observed so far is applied: the queue flushed now, and every batch in flight done. */
export async function countObserved(services: Services): Promise<void> {
  await flushObserved(services);
  await services.interception.flushing;
}
