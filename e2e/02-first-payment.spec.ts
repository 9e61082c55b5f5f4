import { expect, test } from './fixtures';
import { ActivityPage } from './pages/ActivityPage';
import { saveScreen } from './pages/screens';
import { VendorsPage } from './pages/VendorsPage';
import { nextApproval, pageFetch, walletOnDemoPage } from './support/flows';
import { newestPayment } from './support/assertions';
import { POPUP_PATH } from './support/extension';
import { readRecords } from './support/worker-calls';

test('first paid request: approval window, approve, 200; the worker sees the receipt, the page none; the popup shows it paid at nonce 0', async ({
  context,
  extensionId,
  openPopup,
  vendor,
  vendorInfo,
  walletPage,
}) => {
  const { address, demo } = await walletOnDemoPage(context, walletPage, vendorInfo.url);

  const pending = pageFetch(demo, '/api/echo?q=first');
  const approval = await nextApproval(context);
  expect(approval.page.url()).toMatch(new RegExp(`^chrome-extension://${extensionId}/${POPUP_PATH}#/approve/[\\w-]+$`));
  await expect(approval.vendorOrigin).toHaveText(vendorInfo.url);
  await expect(approval.pageOrigin).toHaveText(vendorInfo.url);
  await approval.page.setViewportSize({ width: 360, height: 600 });
  await saveScreen(approval.page, 'approval');
  await approval.approve();

  const response = await pending;
  expect(response.status).toBe(200);
  expect(JSON.parse(response.body)).toMatchObject({ echo: 'first' });
  // The receipt names the wallet's address: the worker's rule removes it from what the page reads.
  expect(response.receiptHeader).toBeNull();
  const receipt = await newestPayment(walletPage, 1);
  expect(receipt).toMatchObject({ nonce: 0n });
  expect(receipt.cost).toBeGreaterThan(0n);

  // The vendor holds voucher 0 and charged exactly the receipt's cost.
  const held = await vendor.client(address);
  expect(held.vouchers.map((voucher) => voucher.nonce)).toEqual([0n]);
  expect((await vendor.charged(address)).charged).toBe(receipt.cost);

  const popup = await openPopup();
  const activity = new ActivityPage(popup);
  await expect(activity.rows).toHaveCount(1);
  const row = activity.rows.first();
  await expect(activity.statusOf(row)).toHaveAttribute('data-status', 'paid');
  await expect(row).toContainText('#0');
  // The wallet's own asset list names the local TestToken, whatever symbol the vendor's 402 says.
  await expect(activity.costOf(row)).toContainText('tUSD');
  await saveScreen(popup, 'activity');
  const details = await activity.openDetails(row);
  await expect(details).toContainText(`Cost (atoms)${receipt.cost}`);
  await expect(details).toContainText('Nonce0');
  await saveScreen(popup, 'details');
  await activity.closeDetails();

  const vendors = await new VendorsPage(popup).open();
  await expect(vendors.card(vendorInfo.vendor)).toBeVisible();
  await saveScreen(popup, 'vendors');

  const records = await readRecords(walletPage);
  expect(records).toHaveLength(1);
  expect(records[0]).toMatchObject({
    status: 'paid',
    statusCode: 200,
    channelId: vendorInfo.vendor,
    payment: { cost: receipt.cost, nonce: 0n },
    meta: { pageOrigin: vendorInfo.url },
  });
});
