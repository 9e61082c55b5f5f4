import { expect, test } from './fixtures';
import { AccountPage } from './pages/AccountPage';
import { MainPage } from './pages/MainPage';
import { UnlockPage } from './pages/UnlockPage';
import { expectContiguousVouchers, settledRecords } from './support/assertions';
import { firstPaidRequest, pageFetch, PASSWORD, walletOnDemoPage } from './support/flows';

test('wallet locked: nothing is paid, not even with headers signed before; unlock and it works again', async ({
  context,
  openPopup,
  vendor,
  vendorInfo,
  walletPage,
}) => {
  const { address, demo } = await walletOnDemoPage(context, walletPage, vendorInfo.url);
  expect((await firstPaidRequest(context, demo, '/api/echo?q=before')).status).toBe(200);
  // The page's wrapper now holds a signed header with plenty of credit left at the vendor.
  expect((await pageFetch(demo, '/api/echo?q=cached')).status).toBe(200);
  const before = await vendor.charged(address);
  expect(before.requests).toBe(2);

  const popup = await openPopup();
  await (await new AccountPage(popup).open()).lockNow();
  const unlock = new UnlockPage(popup);
  await expect(unlock.submit).toBeVisible();

  const locked = await pageFetch(demo, '/api/echo?q=while-locked');
  expect(locked.status).toBe(402);
  expect(locked.receiptHeader).toBeNull();
  expect(JSON.parse(locked.body)).toMatchObject({ error: { code: 'payment_required' } });
  expect(await vendor.charged(address)).toEqual(before);
  // A page loaded while locked gets no header either.
  const fresh = await context.newPage();
  await fresh.goto(vendorInfo.url);
  expect((await pageFetch(fresh, '/api/echo?q=new-page-locked')).status).toBe(402);
  expect(await vendor.charged(address)).toEqual(before);

  let records = await settledRecords(walletPage, 4);
  const refused = records.filter((record) => record.status === 'error');
  expect(refused).toHaveLength(2);
  for (const record of refused) expect(record).toMatchObject({ errorCode: 'wallet_locked', statusCode: 402 });

  await unlock.unlock(PASSWORD);
  await expect(new MainPage(popup).activityTab).toBeVisible();
  const after = await pageFetch(demo, '/api/echo?q=unlocked');
  expect(after.status).toBe(200);
  expect((await vendor.charged(address)).requests).toBe(3);
  await expectContiguousVouchers(vendor, address);
  records = await settledRecords(walletPage, 5);
  expect(records.filter((record) => record.status === 'paid')).toHaveLength(3);
});
