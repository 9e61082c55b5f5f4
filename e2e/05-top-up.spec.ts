import { expect, test } from './fixtures';
import { firstPaidRequest, walletOnDemoPage } from './support/flows';
import { creditRunsOut, TOP_UP_DATA, TOP_UP_LIMITS } from './support/scenarios/top-up';

test('credit runs out over many requests: vouchers 1, 2, … are signed ahead and the vendor sends one 402 only, the first', async ({
  context,
  vendor,
  vendorInfo,
  walletPage,
}) => {
  const { address, demo } = await walletOnDemoPage(context, walletPage, vendorInfo.url);
  expect((await firstPaidRequest(context, demo, TOP_UP_DATA, TOP_UP_LIMITS)).status).toBe(200);
  await creditRunsOut(demo, walletPage, vendor, address);
});
