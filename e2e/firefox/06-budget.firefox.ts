import { walletOnDemoPage } from '../support/flows';
import { BUDGET_DATA, BUDGET_LIMITS, budgetRunsOut } from '../support/scenarios/budget';
import { expect, test } from './fixtures';
import { firstPaidRequest } from './support/flows';

// e2e/06-budget.spec.ts on Firefox: the same scenario after the approval (e2e/support/scenarios/budget.ts).
test('Firefox: budget exhausted: the page gets the 402, the record says so, the vendor holds nothing beyond the budget', async ({
  firefox,
  vendor,
  vendorInfo,
  walletPage,
}) => {
  const { address, demo } = await walletOnDemoPage(firefox.browser, walletPage, vendorInfo.url);
  expect((await firstPaidRequest(firefox, demo, BUDGET_DATA, BUDGET_LIMITS)).status).toBe(200);
  await budgetRunsOut(demo, walletPage, vendor, address);
});
