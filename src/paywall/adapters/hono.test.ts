import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';
import type { Server } from 'node:http';
import { describe } from 'vitest';
import type { TestPaywall } from '../test-fixtures';
import { LARGE_BODY, PAID_BODY, PAID_ROUTES, STREAM_EVENTS, adapterContract } from './adapter-contract';
import { paymentMiddleware } from './hono';
import { listenOnLoopback } from './test-server';

function start({ paywall }: TestPaywall) {
  const app = new Hono();
  app.use(paymentMiddleware(paywall, PAID_ROUTES));
  app.get('/paid', (c) => c.body(PAID_BODY, 200, { 'content-type': 'application/json' }));
  app.get('/paid/large', (c) => c.body(LARGE_BODY, 200, { 'content-type': 'application/json' }));
  app.get('/paid/stream', () => new Response(STREAM_EVENTS.join(''), { headers: { 'content-type': 'text/event-stream' } }));
  app.get('/free', (c) => c.text('free'));
  return listenOnLoopback(createAdaptorServer({ fetch: app.fetch }) as Server);
}

describe('Hono adapter', () => {
  adapterContract('hono', start);
});
