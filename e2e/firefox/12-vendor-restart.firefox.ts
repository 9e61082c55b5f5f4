import { walletOnDemoPage } from '../support/flows';
import { RESTART_DATA, RESTART_LIMITS, RESTART_VENDOR_ARGS, vendorRestartsBetweenRequests } from '../support/scenarios/vendor-restart';
import { expect, test } from './fixtures';
import { firstPaidRequest } from './support/flows';

test.use({ vendorArgs: RESTART_VENDOR_ARGS });

// e2e/12-vendor-restart.spec.ts on Firefox: the same scenario after the approval (e2e/support/scenarios/vendor-restart.ts).
test('Firefox: vendor restarted between requests: same voucher sequence, same credit, nothing lost', async ({
  firefox,
  vendor,
  vendorInfo,
  walletPage,
}) => {
  // Two PGlite starts on disk: slow on a loaded machine.
  test.slow();
  const { address, demo } = await walletOnDemoPage(firefox.browser, walletPage, vendorInfo.url);
  expect((await firstPaidRequest(firefox, demo, RESTART_DATA, RESTART_LIMITS)).status).toBe(200);
  await vendorRestartsBetweenRequests(demo, walletPage, vendor, vendorInfo, address);
});
