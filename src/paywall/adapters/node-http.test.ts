import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { testPaywall, voucherHeaderFor } from '../test-fixtures';
import { PAID_BODY, PAID_ROUTES, STREAM_EVENTS, adapterContract } from './adapter-contract';
import { toNodeListener } from './node-http';
import { listenOnLoopback } from './test-server';
import { preflightResponse } from '../cors';
import type { Paywall } from '../paywall';
import type { TestPaywall } from '../test-fixtures';

const encoder = new TextEncoder();

function eventStream(events: string[], everyMs = 0): ReadableStream<Uint8Array> {
  let timer: ReturnType<typeof setInterval> | undefined;
  return new ReadableStream({
    start(controller) {
      let sent = 0;
      timer = setInterval(() => {
        controller.enqueue(encoder.encode(events[sent++]!));
        if (sent === events.length) {
          clearInterval(timer);
          controller.close();
        }
      }, everyMs);
    },
    cancel: () => clearInterval(timer),
  });
}

function app(paywall: Paywall) {
  return toNodeListener(async (request) => {
    const path = new URL(request.url).pathname;
    const key = `${request.method} ${path}` as keyof typeof PAID_ROUTES;
    if (request.method === 'OPTIONS') return preflightResponse(request);
    if (path === '/free') return new Response('free');
    if (path === '/paid/slow-stream') {
      return paywall.handle(request, { approxCost: 100n }, () => new Response(eventStream(STREAM_EVENTS, 50), { headers: { 'content-type': 'text/event-stream' } }));
    }
    const route = PAID_ROUTES[key];
    if (route === undefined) return new Response('not found', { status: 404 });
    return paywall.handle(request, route, () =>
      path === '/paid/stream'
        ? new Response(eventStream(STREAM_EVENTS), { headers: { 'content-type': 'text/event-stream' } })
        : new Response(PAID_BODY, { headers: { 'content-type': 'application/json' } }),
    );
  });
}

const start = ({ paywall }: TestPaywall) => listenOnLoopback(createServer(app(paywall)));

describe('node:http adapter', () => {
  adapterContract('node:http', start);

  it('charges a client that disconnects mid-stream for what was written, once its listener has settled', async () => {
    const setup = testPaywall();
    const listener = app(setup.paywall);
    const handled: Promise<void>[] = [];
    const server = await listenOnLoopback(createServer((req, res) => void handled.push(listener(req, res))));
    try {
      const { header, client } = await voucherHeaderFor(30, 100_000n);
      const response = await fetch(`${server.url}/paid/slow-stream`, { headers: { 'x-voucher': header } });
      const reader = response.body!.getReader();
      const first = await reader.read();
      expect(new TextDecoder().decode(first.value)).toBe(STREAM_EVENTS[0]);
      await reader.cancel();
      await expect.poll(() => handled.length).toBe(1);
      await handled[0];
      expect(setup.charged).toHaveLength(1);
      const bytes = setup.charged[0]!.receipt.usage.bytes;
      expect(bytes).toBeGreaterThanOrEqual(BigInt(STREAM_EVENTS[0]!.length));
      expect(bytes).toBeLessThan(BigInt(STREAM_EVENTS.join('').length));
      expect((await setup.paywall.engine.inspect(client)).locked).toBe(0n);
    } finally {
      await server.close();
    }
  });
});
