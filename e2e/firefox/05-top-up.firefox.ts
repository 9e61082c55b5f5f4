import { walletOnDemoPage } from '../support/flows';
import { creditRunsOut, TOP_UP_DATA, TOP_UP_LIMITS } from '../support/scenarios/top-up';
import { expect, test } from './fixtures';
import { firstPaidRequest } from './support/flows';

// e2e/05-top-up.spec.ts on Firefox: the same scenario after the approval (e2e/support/scenarios/top-up.ts).
test('Firefox: credit runs out over many requests: vouchers 1, 2, … are signed ahead and the vendor sends one 402 only, the first', async ({
  firefox,
  vendor,
  vendorInfo,
  walletPage,
}) => {
  const { address, demo } = await walletOnDemoPage(firefox.browser, walletPage, vendorInfo.url);
  expect((await firstPaidRequest(firefox, demo, TOP_UP_DATA, TOP_UP_LIMITS)).status).toBe(200);
  await creditRunsOut(demo, walletPage, vendor, address);
});
