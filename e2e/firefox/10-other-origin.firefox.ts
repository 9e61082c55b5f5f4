import { TID } from '../../src/popup/testids';
import { pageFetch, walletOnDemoPage } from '../support/flows';
import { expectForgeryGotNothing, expectOtherOriginRefused, forgeBridgeTraffic } from '../support/scenarios/other-origin';
import { TestSite } from '../support/test-site';
import { expect, test } from './fixtures';
import { byTestId, textNow, waitClosed } from './support/firefox';
import { firstPaidRequest, nextApproval } from './support/flows';

// e2e/10-other-origin.spec.ts on Firefox (shared steps and checks: e2e/support/scenarios/other-origin.ts).
test.describe('Firefox: another origin', () => {
  let site: TestSite;
  test.beforeEach(async () => {
    site = await new TestSite().start();
  });
  test.afterEach(async () => {
    await site.stop();
  });

  test('a page not approved gets no voucher: its 402 reaches it and an approval is asked for its origin', async ({
    firefox,
    vendor,
    vendorInfo,
    walletPage,
  }) => {
    const { address, demo } = await walletOnDemoPage(firefox.browser, walletPage, vendorInfo.url);
    expect((await firstPaidRequest(firefox, demo, '/api/echo?q=own-page')).status).toBe(200);
    const before = await vendor.charged(address);

    const other = await firefox.browser.newPage();
    await other.goto(site.page('/other.html', '<!doctype html><title>other</title><p>other</p>'));
    const pending = pageFetch(other, `${vendorInfo.url}/api/echo?q=from-elsewhere`);
    const approval = await nextApproval(firefox);
    await expect.poll(() => textNow(approval, byTestId(TID.approvalPage))).toBe(site.origin);
    await expect.poll(() => textNow(approval, byTestId(TID.approvalVendor))).toBe(vendorInfo.url);
    await approval.close(); // the user dismisses the window: not granted
    await waitClosed(approval, 'the approval window');

    await expectOtherOriginRefused(await pending, walletPage, vendor, vendorInfo, address, before, site.origin);
  });

  test('a page forging bridge messages, port offers and replies gets nothing signed', async ({ firefox, vendor, vendorInfo, walletPage }) => {
    const { address, demo } = await walletOnDemoPage(firefox.browser, walletPage, vendorInfo.url);
    expect((await firstPaidRequest(firefox, demo, '/api/echo?q=own-page')).status).toBe(200);
    const before = await vendor.charged(address);

    const other = await firefox.browser.newPage();
    await other.goto(site.page('/forge.html', '<!doctype html><title>forge</title>'));
    await forgeBridgeTraffic(other, vendorInfo.url);
    // The real bridge carried the request: the worker asks the user about this origin.
    const approval = await nextApproval(firefox);
    await expect.poll(() => textNow(approval, byTestId(TID.approvalPage))).toBe(site.origin);
    await approval.close();
    await waitClosed(approval, 'the approval window');
    await expectForgeryGotNothing(other, walletPage, vendor, address, before);
  });
});
