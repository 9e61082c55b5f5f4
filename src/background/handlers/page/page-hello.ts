import type { PageHandler } from '../../handler';
import { empty } from '../schemas';
import { headersForPage } from './vendor-headers';

/**
 * A page's wrapper starting up: the headers to attach for vendors this page is approved for.
 * Nothing else about the wallet (no address, balances or other vendors) is revealed.
 */
export const pageHello: PageHandler<'page.hello'> = {
  input: empty,
  async run(_input, context, services) {
    return { vendors: await headersForPage(services, context.origin) };
  },
};
