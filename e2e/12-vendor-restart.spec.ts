import { expect, test } from './fixtures';
import { firstPaidRequest, walletOnDemoPage } from './support/flows';
import { RESTART_DATA, RESTART_LIMITS, RESTART_VENDOR_ARGS, vendorRestartsBetweenRequests } from './support/scenarios/vendor-restart';

test.use({ vendorArgs: RESTART_VENDOR_ARGS });

test('vendor restarted between requests: same voucher sequence, same credit, nothing lost', async ({
  context,
  vendor,
  vendorInfo,
  walletPage,
}) => {
  // Two PGlite starts on disk: slow on a loaded machine, so this test gets three times the time.
  test.slow();
  const { address, demo } = await walletOnDemoPage(context, walletPage, vendorInfo.url);
  expect((await firstPaidRequest(context, demo, RESTART_DATA, RESTART_LIMITS)).status).toBe(200);
  await vendorRestartsBetweenRequests(demo, walletPage, vendor, vendorInfo, address);
});
