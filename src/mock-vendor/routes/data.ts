import { costOf } from '../../protocol';
import { intParam } from '../http';
import type { RouteHandler } from './context';

const PATTERN = Buffer.from('voucher-wallet mock vendor data. ');

function bodyOf(bytes: number): Buffer {
  const body = Buffer.alloc(bytes);
  for (let offset = 0; offset < bytes; offset += PATTERN.length) PATTERN.copy(body, offset);
  return body;
}

/** GET /api/data?bytes=N — N bytes, charged by data; locks at least the cost of N bytes. */
export const paidData: RouteHandler = async (req, res, url, ctx) => {
  const bytes = intParam(url, 'bytes', 0, ctx.config.maxDataBytes);
  const estimate = costOf(ctx.config.prices, { elapsedMs: 1000n, bytes: BigInt(bytes) });
  const approxCost = estimate > ctx.config.approxCost.data ? estimate : ctx.config.approxCost.data;
  await ctx.gate.serve(req, res, approxCost, async () => ({
    status: 200,
    headers: { 'content-type': 'application/octet-stream' },
    body: bodyOf(bytes),
  }));
};
