import type { PageHandler } from '../../handler';
import { countObserved } from '../../interception/observer';
import { empty } from '../schemas';

/**
 * Answers once what the worker has observed so far is counted and any top-up it called for is in
 * the header rules. The page only waits on it; nothing it says is acted on.
 */
export const pageSettle: PageHandler<'page.settle'> = {
  input: empty,
  async run(_input, _context, services) {
    await countObserved(services);
    await services.interception.runningSync;
    return {};
  },
};
