import { getAddress, isAddress } from 'viem';
import { HttpError, isLoopback, jsonResponse, readBody } from '../http';
import type { RouteHandler } from './context';

const MAX_FAUCET_BODY_BYTES = 1_000;

/**
 * POST /demo/faucet {address} — gives a client test collateral on the local chain and subscribes
 * it to this vendor (loopback callers only; absent on any other chain).
 */
export const demoFaucet: RouteHandler = async (request, _url, ctx, connection) => {
  if (!isLoopback(connection.remoteAddress)) throw new HttpError(403, 'app_faucet_loopback_only', 'the faucet answers loopback callers only');
  if (ctx.faucet === null) throw new HttpError(404, 'app_faucet_unavailable', 'the faucet exists on the local chain only');
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(await readBody(request, MAX_FAUCET_BODY_BYTES)));
  } catch (error) {
    if (error instanceof HttpError) throw error;
    throw new HttpError(400, 'app_invalid_json', 'the body must be JSON {"address": "0x…"}');
  }
  const address = (body as { address?: unknown } | null)?.address;
  if (typeof address !== 'string' || !isAddress(address, { strict: false })) throw new HttpError(400, 'app_invalid_address', 'address must be a 20-byte hex address');
  return jsonResponse(200, await ctx.faucet.fund(getAddress(address)));
};
