import { z } from 'zod';
import type { PopupHandler } from '../../handler';
import { address, empty, httpUrl } from '../schemas';

export const networkGet: PopupHandler<'network.get'> = {
  input: empty,
  readOnly: true,
  run: (_input, services) => services.network.view(),
};

/** Saved only once the chain confirms it: chain id, contract and token; the token's units are read from it. */
export const networkSet: PopupHandler<'network.set'> = {
  input: z.strictObject({
    rpcUrl: httpUrl,
    chainId: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
    contract: address,
    token: address,
  }),
  async run(input, services) {
    const view = await services.network.save(input);
    services.platform.notify({ channel: 'notice', type: 'chain.changed' });
    return view;
  },
};
