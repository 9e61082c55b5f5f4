import { expect, test } from './fixtures';
import { firstPaidRequest, nextApproval, pageFetch, walletOnDemoPage } from './support/flows';
import { expectForgeryGotNothing, expectOtherOriginRefused, forgeBridgeTraffic } from './support/scenarios/other-origin';
import { TestSite } from './support/test-site';

test.describe('another origin', () => {
  let site: TestSite;
  test.beforeEach(async () => {
    site = await new TestSite().start();
  });
  test.afterEach(async () => {
    await site.stop();
  });

  test('a page not approved gets no voucher: its 402 reaches it and an approval is asked for its origin', async ({
    context,
    vendor,
    vendorInfo,
    walletPage,
  }) => {
    const { address, demo } = await walletOnDemoPage(context, walletPage, vendorInfo.url);
    expect((await firstPaidRequest(context, demo, '/api/echo?q=own-page')).status).toBe(200);
    const before = await vendor.charged(address);

    const other = await context.newPage();
    await other.goto(site.page('/other.html', '<!doctype html><title>other</title><p>other</p>'));
    const pending = pageFetch(other, `${vendorInfo.url}/api/echo?q=from-elsewhere`);
    const approval = await nextApproval(context);
    await expect(approval.pageOrigin).toHaveText(site.origin);
    await expect(approval.vendorOrigin).toHaveText(vendorInfo.url);
    await approval.page.close(); // the user dismisses the window: not granted

    await expectOtherOriginRefused(await pending, walletPage, vendor, vendorInfo, address, before, site.origin);
  });

  test('a page forging bridge messages, port offers and replies gets nothing signed', async ({
    context,
    vendor,
    vendorInfo,
    walletPage,
  }) => {
    const { address, demo } = await walletOnDemoPage(context, walletPage, vendorInfo.url);
    expect((await firstPaidRequest(context, demo, '/api/echo?q=own-page')).status).toBe(200);
    const before = await vendor.charged(address);

    const other = await context.newPage();
    await other.goto(site.page('/forge.html', '<!doctype html><title>forge</title>'));
    await forgeBridgeTraffic(other, vendorInfo.url);
    // The real bridge carried the request: the worker asks the user about this origin.
    const approval = await nextApproval(context);
    await expect(approval.pageOrigin).toHaveText(site.origin);
    await approval.page.close();
    await expectForgeryGotNothing(other, walletPage, vendor, address, before);
  });
});
