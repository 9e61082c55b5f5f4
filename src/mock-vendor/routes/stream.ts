import { costOf, encodeReceiptEvent } from '../../protocol';
import { intParam } from '../http';
import type { Admission } from '../payment-gate';
import type { RouteHandler } from './context';

export const TICK_MS = 200;
/** Generous per-event size for the lock estimate; real events are about 60 bytes. */
const EVENT_BYTES_ESTIMATE = 200n;

/**
 * GET /api/stream?seconds=N — server-sent events, one per TICK_MS for N seconds, charged by
 * time. Headers are gone once the stream starts, so the receipt is the final in-band event.
 * A client that disconnects is charged for the time and bytes it got.
 */
export const paidStream: RouteHandler = async (req, res, url, ctx) => {
  const seconds = intParam(url, 'seconds', 1, ctx.config.maxStreamSeconds, 3);
  const ticks = (seconds * 1000) / TICK_MS;
  // One extra second covers timer drift; the engine charges what was measured either way.
  const estimate = costOf(ctx.config.prices, {
    elapsedMs: BigInt(seconds * 1000 + 1000),
    bytes: BigInt(ticks) * EVENT_BYTES_ESTIMATE,
  });
  const approxCost = estimate > ctx.config.approxCost.stream ? estimate : ctx.config.approxCost.stream;
  const admission = await ctx.gate.admit(req, res, approxCost);
  if (admission === undefined) return;
  await runStream(res, ctx, admission, ticks);
};

function runStream(res: Parameters<RouteHandler>[1], ctx: Parameters<RouteHandler>[3], admission: Admission, ticks: number) {
  return new Promise<void>((resolve, reject) => {
    let bytes = 0;
    let sent = 0;
    let settled = false;
    const write = (text: string) => {
      bytes += Buffer.byteLength(text);
      res.write(text);
    };
    const settle = async (connected: boolean) => {
      if (settled) return;
      settled = true;
      clearInterval(timer);
      try {
        const receipt = await ctx.gate.settle(admission, bytes);
        if (connected) res.end(encodeReceiptEvent(receipt));
        resolve();
      } catch (error) {
        if (connected) res.destroy();
        reject(error);
      }
    };
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      'x-accel-buffering': 'no',
    });
    const timer = setInterval(() => {
      sent += 1;
      write(`event: tick\ndata: ${JSON.stringify({ tick: sent, of: ticks, at: new Date().toISOString() })}\n\n`);
      if (sent >= ticks) void settle(true);
    }, TICK_MS);
    res.on('close', () => {
      if (!settled) void settle(false);
    });
  });
}
