import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { paymentMiddleware } from 'voucher-wallet/paywall/hono';
import { paywall } from './paywall.mjs';

const app = new Hono();
app.use(paymentMiddleware(paywall, { 'GET /api/echo': { approxCost: 100n } }));
app.get('/api/echo', (c) => c.json({ echo: c.req.query('q') }));
serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 3000), hostname: '127.0.0.1' }, (info) => {
  console.log(`listening on http://127.0.0.1:${info.port}`);
});
