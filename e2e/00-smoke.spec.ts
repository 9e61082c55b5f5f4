import { expect, test } from './fixtures';
import { ActivityPage } from './pages/ActivityPage';
import { OnboardingPage } from './pages/OnboardingPage';
import { nextApproval, PASSWORD } from './support/flows';
import { callWorker, readRecords } from './support/worker-calls';

test('smoke: onboarding, a paid request from the demo page after approval, listed as paid', async ({
  context,
  openPopup,
  vendor,
  vendorInfo,
  walletPage,
}) => {
  const popup = await openPopup();
  await new OnboardingPage(popup).create(PASSWORD);
  await expect(popup.getByTestId('tab-activity')).toBeVisible();
  const { address } = await callWorker(walletPage, 'wallet.status', {});

  const demo = await context.newPage();
  await demo.goto(vendorInfo.url);
  await demo.locator('#echo').click();
  const approval = await nextApproval(context);
  await expect(approval.vendorOrigin).toHaveText(vendorInfo.url);
  await approval.approve();

  // The demo page shows the 200 and the decoded receipt.
  await expect(demo.locator('#status')).toHaveText('200');
  await expect(demo.locator('#result')).toContainText('hello from the page');
  const receipt = JSON.parse(await demo.locator('#receipt').textContent() ?? 'null') as { client: string; lastNonce: string };
  expect(receipt.client.toLowerCase()).toBe(address!.toLowerCase());
  expect(receipt.lastNonce).toBe('0');

  const activity = new ActivityPage(popup);
  await expect(activity.rows).toHaveCount(1);
  await expect(activity.statusOf(activity.rows.first())).toHaveAttribute('data-status', 'paid');

  const [record] = await readRecords(walletPage);
  expect(record?.status).toBe('paid');
  const held = await vendor.client(address!);
  expect(held.vouchers.map((voucher) => voucher.nonce)).toEqual([0n]);
});
