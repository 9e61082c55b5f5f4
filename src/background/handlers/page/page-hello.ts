import type { PageHandler } from '../../handler';
import { syncRules } from '../../interception/header-rules';
import { empty } from '../schemas';

/**
 * A document started (sent by the page world's wrapper as soon as its port to the bridge exists):
 * the tab's page origin, from the browser's sender record, is noted and the header rules are
 * rebuilt before the answer, so the page's first request to an approved vendor carries its
 * voucher and meets no 402. Nothing is revealed to the page.
 */
export const pageHello: PageHandler<'page.hello'> = {
  input: empty,
  async run(_input, context, services) {
    if (await services.tabPages.register(context.tabId, context.frameId, context.origin)) await syncRules(services);
    return {};
  },
};
