import { costOf } from '../../protocol';
import { intParam } from '../http';
import type { RouteHandler } from './context';

export const TICK_MS = 200;
/** Generous per-event size for the lock estimate; real events are about 60 bytes. */
const EVENT_BYTES_ESTIMATE = 200n;
const encoder = new TextEncoder();

/**
 * GET /api/stream?seconds=N — server-sent events, one per TICK_MS for N seconds, charged by
 * time. The paywall appends the receipt as the final in-band event (headers are gone once the
 * stream starts) and charges a client that disconnects for the time and bytes it got.
 */
export const paidStream: RouteHandler = async (request, url, ctx) => {
  const seconds = intParam(url, 'seconds', 1, ctx.config.maxStreamSeconds, 3);
  const ticks = (seconds * 1000) / TICK_MS;
  // One extra second covers timer drift; the engine charges what was measured either way.
  const estimate = costOf(ctx.config.prices, {
    elapsedMs: BigInt(seconds * 1000 + 1000),
    bytes: BigInt(ticks) * EVENT_BYTES_ESTIMATE,
  });
  const approxCost = estimate > ctx.config.approxCost.stream ? estimate : ctx.config.approxCost.stream;
  return ctx.paywall.handle(
    request,
    { approxCost },
    () =>
      new Response(tickEvents(ticks), {
        headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' },
      }),
  );
};

function tickEvents(ticks: number): ReadableStream<Uint8Array> {
  let timer: ReturnType<typeof setInterval> | undefined;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      let sent = 0;
      timer = setInterval(() => {
        sent += 1;
        controller.enqueue(encoder.encode(`event: tick\ndata: ${JSON.stringify({ tick: sent, of: ticks, at: new Date().toISOString() })}\n\n`));
        if (sent >= ticks) {
          clearInterval(timer);
          controller.close();
        }
      }, TICK_MS);
    },
    cancel() {
      clearInterval(timer);
    },
  });
}
