import { costOf } from '../../protocol';
import { intParam } from '../http';
import type { RouteHandler } from './context';

const PATTERN = Buffer.from('voucher-wallet mock vendor data. ');

function bodyOf(bytes: number): Uint8Array<ArrayBuffer> {
  const body = Buffer.alloc(bytes);
  for (let offset = 0; offset < bytes; offset += PATTERN.length) PATTERN.copy(body, offset);
  return body;
}

/** GET /api/data?bytes=N — N bytes, charged by data; locks at least the cost of N bytes. */
export const paidData: RouteHandler = async (request, url, ctx) => {
  const bytes = intParam(url, 'bytes', 0, ctx.config.maxDataBytes);
  const estimate = costOf(ctx.config.prices, { elapsedMs: 1000n, bytes: BigInt(bytes) });
  const approxCost = estimate > ctx.config.approxCost.data ? estimate : ctx.config.approxCost.data;
  return ctx.paywall.handle(request, { approxCost }, () => new Response(bodyOf(bytes), { headers: { 'content-type': 'application/octet-stream' } }));
};
