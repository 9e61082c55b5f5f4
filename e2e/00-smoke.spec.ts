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

  // The demo page shows the 200; the receipt (which names the wallet's address) stays with the wallet.
  await expect(demo.locator('#status')).toHaveText('200');
  await expect(demo.locator('#result')).toContainText('hello from the page');
  await expect(demo.locator('#receipt')).toHaveText('(kept by the wallet: see its Activity)');
  expect((await demo.content()).toLowerCase()).not.toContain(address!.toLowerCase());

  const activity = new ActivityPage(popup);
  await expect(activity.rows).toHaveCount(1);
  await expect(activity.statusOf(activity.rows.first())).toHaveAttribute('data-status', 'paid');

  const [record] = await readRecords(walletPage);
  expect(record).toMatchObject({ status: 'paid', payment: { nonce: 0n } });
  const held = await vendor.client(address!);
  expect(held.vouchers.map((voucher) => voucher.nonce)).toEqual([0n]);
});
