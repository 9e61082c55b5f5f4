import express from 'express';
import { paymentMiddleware } from 'voucher-wallet/paywall/express';
import { paywall } from './paywall.mjs';

const app = express();
app.use(paymentMiddleware(paywall, { 'GET /api/echo': { approxCost: 100n } }));
app.get('/api/echo', (req, res) => res.json({ echo: req.query.q }));
const server = app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${server.address().port}`);
});
