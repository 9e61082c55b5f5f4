import { walletOnDemoPage } from '../support/flows';
import type { HostileVendor } from '../support/hostile-vendor';
import { ACTIVITY_LIMITS, payingVendorFixture, setOneMinuteAutoLock, signaturesAreNoActivity } from '../support/scenarios/auto-lock-activity';
import { expect, test as base } from './fixtures';
import { firstPaidRequest } from './support/flows';

const test = base.extend<{ payingVendor: HostileVendor }>(payingVendorFixture);

// e2e/17-auto-lock-activity.spec.ts on Firefox (e2e/support/scenarios/auto-lock-activity.ts).
test("Firefox: signatures a page causes are no activity: the auto-lock deadline stays where the user's last action put it", async ({
  firefox,
  walletPage,
  payingVendor,
}) => {
  const { demo } = await walletOnDemoPage(firefox.browser, walletPage, payingVendor.url);
  await setOneMinuteAutoLock(walletPage);
  expect((await firstPaidRequest(firefox, demo, '/api/data?n=0', ACTIVITY_LIMITS)).status).toBe(200);
  await signaturesAreNoActivity(demo, walletPage, payingVendor);
});
