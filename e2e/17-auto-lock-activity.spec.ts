import { expect, test as base } from './fixtures';
import { firstPaidRequest, walletOnDemoPage } from './support/flows';
import type { HostileVendor } from './support/hostile-vendor';
import { ACTIVITY_LIMITS, payingVendorFixture, setOneMinuteAutoLock, signaturesAreNoActivity } from './support/scenarios/auto-lock-activity';

const test = base.extend<{ payingVendor: HostileVendor }>(payingVendorFixture);

// Issue 14 item 11. The lock firing once the deadline passes is tested with an injected clock in
// src/background/handlers/page/page-payment-required.test.ts ("auto-lock while pages pay").
test('signatures a page causes are no activity: the auto-lock deadline stays where the user\'s last action put it', async ({
  context,
  walletPage,
  payingVendor,
}) => {
  const { demo } = await walletOnDemoPage(context, walletPage, payingVendor.url);
  await setOneMinuteAutoLock(walletPage);
  expect((await firstPaidRequest(context, demo, '/api/data?n=0', ACTIVITY_LIMITS)).status).toBe(200);
  await signaturesAreNoActivity(demo, walletPage, payingVendor);
});
