import { TID } from '../../src/popup/testids';
import { expectContiguousVouchers, settledRecords } from '../support/assertions';
import { createWallet, pageFetch, PASSWORD } from '../support/flows';
import { expect, test } from './fixtures';
import { byTestId, clickTestId, openExtensionPage, POPUP_PATH, typeTestId } from './support/firefox';
import { firstPaidRequest } from './support/flows';

// e2e/11-locked.spec.ts on Firefox: locking reaches the open pages (tabs.sendMessage to the bridge).
test('Firefox: wallet locked: nothing is paid, not even with headers signed before; unlock and it works again', async ({
  firefox,
  vendor,
  vendorInfo,
  walletPage,
}) => {
  const address = await createWallet(walletPage);
  const demo = await firefox.browser.newPage();
  await demo.goto(vendorInfo.url);
  expect((await firstPaidRequest(firefox, demo, '/api/echo?q=before')).status).toBe(200);
  // The page's wrapper now holds a signed header with plenty of credit left at the vendor.
  expect((await pageFetch(demo, '/api/echo?q=cached')).status).toBe(200);
  const before = await vendor.charged(address);
  expect(before.requests).toBe(2);

  const popup = await openExtensionPage(firefox, POPUP_PATH);
  await clickTestId(popup, TID.tabAccount);
  await clickTestId(popup, TID.lockNow);
  await popup.waitForSelector(byTestId(TID.unlock));

  const locked = await pageFetch(demo, '/api/echo?q=while-locked');
  expect(locked.status).toBe(402);
  expect(locked.receiptHeader).toBeNull();
  expect(JSON.parse(locked.body)).toMatchObject({ error: { code: 'payment_required' } });
  expect(await vendor.charged(address)).toEqual(before);
  // A page loaded while locked gets no header either.
  // A window of its own: the wallet's "unlock" notification is, in headless Firefox without a
  // system notification service, a window of its own too, the newest, and it holds no tabs.
  const fresh = await firefox.browser.newPage({ type: 'window' });
  await fresh.goto(vendorInfo.url);
  expect((await pageFetch(fresh, '/api/echo?q=new-page-locked')).status).toBe(402);
  expect(await vendor.charged(address)).toEqual(before);

  let records = await settledRecords(walletPage, 4);
  const refused = records.filter((record) => record.status === 'error');
  expect(refused).toHaveLength(2);
  for (const record of refused) expect(record).toMatchObject({ errorCode: 'wallet_locked', statusCode: 402 });

  await typeTestId(popup, TID.password, PASSWORD);
  await clickTestId(popup, TID.unlock);
  await popup.waitForSelector(byTestId(TID.tabActivity));
  const after = await pageFetch(demo, '/api/echo?q=unlocked');
  expect(after.status).toBe(200);
  expect((await vendor.charged(address)).requests).toBe(3);
  await expectContiguousVouchers(vendor, address);
  records = await settledRecords(walletPage, 5);
  expect(records.filter((record) => record.status === 'paid')).toHaveLength(3);
});
