import { expect, test } from './fixtures';
import { firstPaidRequest, walletOnDemoPage } from './support/flows';
import { BUDGET_DATA, BUDGET_LIMITS, budgetRunsOut } from './support/scenarios/budget';

test('budget exhausted: the page gets the 402, the record says so, the vendor holds nothing beyond the budget', async ({
  context,
  vendor,
  vendorInfo,
  walletPage,
}) => {
  const { address, demo } = await walletOnDemoPage(context, walletPage, vendorInfo.url);
  expect((await firstPaidRequest(context, demo, BUDGET_DATA, BUDGET_LIMITS)).status).toBe(200);
  await budgetRunsOut(demo, walletPage, vendor, address);
});
