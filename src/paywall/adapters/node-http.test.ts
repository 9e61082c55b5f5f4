import { createServer, maxHeaderSize, request as httpRequest, type OutgoingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { MAX_VOUCHER_HEADER_LENGTH } from '../../protocol';
import { describe, expect, it } from 'vitest';
import { testPaywall, voucherHeaderFor } from '../test-fixtures';
import { LARGE_BODY, PAID_BODY, PAID_ROUTES, STREAM_EVENTS, adapterContract } from './adapter-contract';
import { applyServerLimits, toNodeListener } from './node-http';
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
        : new Response(path === '/paid/large' ? LARGE_BODY : PAID_BODY, { headers: { 'content-type': 'application/json' } }),
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

/** One raw request, with headers exactly as given (an array is sent as repeated header lines). */
function rawGet(url: string, headers: OutgoingHttpHeaders): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { headers }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body }));
    });
    request.on('error', reject);
    request.end();
  });
}

describe('node:http adapter at the edges of HTTP', () => {
  it('refuses two x-voucher header lines with 400 duplicate_voucher_header, running nothing', async () => {
    const setup = testPaywall();
    const server = await start(setup);
    try {
      const { header } = await voucherHeaderFor(31, 100_000n);
      const answer = await rawGet(`${server.url}/paid`, { 'x-voucher': [header, header] });
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.body).error.code).toBe('duplicate_voucher_header');
      expect(answer.headers['access-control-allow-origin']).toBe('*');
      expect(setup.charged).toHaveLength(0);
    } finally {
      await server.close();
    }
  });

  it('keeps the voucher header limit below what node:http accepts for all headers, with 4 KiB left for the others', () => {
    expect(MAX_VOUCHER_HEADER_LENGTH + 'x-voucher: '.length).toBeLessThanOrEqual(maxHeaderSize - 4096);
  });

  it('answers headers over node:http\'s limit with the JSON error body and CORS headers, not a bare 431', async () => {
    const server = createServer(app(testPaywall().paywall));
    applyServerLimits(server);
    const running = await listenOnLoopback(server);
    try {
      const answer = await rawGet(`${running.url}/paid`, { 'x-padding': 'p'.repeat(maxHeaderSize + 1) });
      expect(answer.status).toBe(431);
      expect(answer.headers['content-type']).toMatch(/^application\/json/);
      expect(answer.headers['access-control-allow-origin']).toBe('*');
      expect(answer.headers['access-control-expose-headers']).toContain('x-voucher-required');
      expect(JSON.parse(answer.body).error.code).toBe('app_request_headers_too_large');
    } finally {
      await running.close();
    }
  });

  it('closes a connection that sends nothing once the idle timeout passes, and bounds how many are open', async () => {
    const server = createServer(app(testPaywall().paywall));
    applyServerLimits(server, { idleTimeoutMs: 200, maxConnections: 7 });
    expect(server.maxConnections).toBe(7);
    const running = await listenOnLoopback(server);
    try {
      const { port } = new URL(running.url);
      const socket = connect(Number(port), '127.0.0.1');
      const started = performance.now();
      await new Promise<void>((resolve) => socket.once('close', () => resolve()));
      expect(performance.now() - started).toBeGreaterThanOrEqual(150);
    } finally {
      await running.close();
    }
  });
});
