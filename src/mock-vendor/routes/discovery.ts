import { encodeDiscovery } from '../../protocol';
import type { RouteHandler } from './context';

/** GET /.well-known/voucher-payment — how to pay this vendor, before any 402. */
export const discovery: RouteHandler = async (_request, _url, ctx) => {
  const { config } = ctx;
  const { terms } = ctx.paywall;
  const body = encodeDiscovery(
    {
      version: 1,
      vendor: terms.vendor,
      chainId: terms.domain.chainId,
      verifyingContract: terms.domain.verifyingContract,
      asset: terms.asset,
      prices: terms.prices,
      suggestedVoucherAtoms: terms.suggestedVoucherAtoms,
      routes: [
        { method: 'GET', path: '/api/echo', charge: 'time+data', approxCost: config.approxCost.echo },
        // data and stream lock at least the estimated cost of the size asked for.
        { method: 'GET', path: '/api/data', charge: 'time+data', approxCost: config.approxCost.data },
        { method: 'GET', path: '/api/stream', charge: 'time+data', approxCost: config.approxCost.stream },
        { method: 'POST', path: '/mcp', charge: 'time+data', approxCost: config.approxCost.mcp },
      ],
    },
    [{}, { maxBytes: config.maxDataBytes }, { maxSeconds: config.maxStreamSeconds }, { paidMethods: ['tools/call'] }],
  );
  return new Response(body, { headers: { 'content-type': 'application/json; charset=utf-8' } });
};
