import { getAddress, isAddress } from 'viem';
import { HttpError, isLoopback, jsonResponse } from '../http';
import type { RouteHandler } from './context';

function requireLoopback(remote: string | undefined): void {
  if (!isLoopback(remote)) throw new HttpError(403, 'app_admin_loopback_only', 'admin routes answer loopback callers only');
}

/** GET /admin/clients/:address — what the vendor holds for a client (loopback only). */
export const adminClient: RouteHandler = async (_request, url, ctx, connection) => {
  requireLoopback(connection.remoteAddress);
  const address = decodeURIComponent(url.pathname.slice('/admin/clients/'.length));
  if (!isAddress(address, { strict: false })) throw new HttpError(400, 'app_invalid_address', 'not a 20-byte hex address');
  const view = await ctx.engine.inspect(getAddress(address));
  return jsonResponse(200, {
    client: view.client,
    vouchers: view.vouchers.map((voucher) => ({ nonce: voucher.nonce, atoms: voucher.atoms, spent: voucher.spent })),
    unmarked: view.unmarked,
    locked: view.locked,
    credit: view.credit,
    nextNonce: view.nextNonce,
  });
};

/** GET /admin/stats — atoms charged and 402s sent, per client and in total, by this process, and server faults (loopback only). */
export const adminStats: RouteHandler = async (_request, _url, ctx, connection) => {
  requireLoopback(connection.remoteAddress);
  return jsonResponse(200, { ...ctx.stats.snapshot(), faults: ctx.faults.count });
};

/** GET /admin — atoms redeemed on chain and pending redemption, per client (loopback only). */
export const adminRedemptions: RouteHandler = async (_request, _url, ctx, connection) => {
  requireLoopback(connection.remoteAddress);
  if (ctx.redemptions === null) throw new HttpError(404, 'app_no_chain', 'this vendor runs without a chain and redeems nothing');
  const clients = await ctx.redemptions.totals();
  const sum = (pick: (each: (typeof clients)[number]) => bigint) => clients.reduce((total, each) => total + pick(each), 0n);
  return jsonResponse(200, {
    redeemed: sum((each) => each.redeemed),
    pending: sum((each) => each.pending),
    failed: sum((each) => each.failed),
    clients,
  });
};
