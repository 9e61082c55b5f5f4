import { createServer } from 'node:http';
import express from 'express';
import { describe } from 'vitest';
import type { TestPaywall } from '../test-fixtures';
import { LARGE_BODY, PAID_BODY, PAID_ROUTES, STREAM_EVENTS, adapterContract } from './adapter-contract';
import { paymentMiddleware } from './express';
import { listenOnLoopback } from './test-server';

function start({ paywall }: TestPaywall) {
  const app = express();
  app.use(paymentMiddleware(paywall, PAID_ROUTES));
  app.get('/paid', (_req, res) => {
    res.type('application/json').send(PAID_BODY);
  });
  app.get('/paid/large', (_req, res) => {
    res.type('application/json').send(LARGE_BODY);
  });
  app.get('/paid/stream', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    for (const event of STREAM_EVENTS) res.write(event);
    res.end();
  });
  app.get('/free', (_req, res) => {
    res.send('free');
  });
  return listenOnLoopback(createServer(app));
}

describe('Express adapter', () => {
  adapterContract('express', start);
});
