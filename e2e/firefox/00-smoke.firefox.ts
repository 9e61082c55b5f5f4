import { TID } from '../../src/popup/testids';
import { PASSWORD } from '../support/flows';
import { callWorker, readRecords } from '../support/worker-calls';
import { expect, test } from './fixtures';
import { byTestId, openExtensionPage, POPUP_PATH, textOfTestId, waitInPage } from './support/firefox';
import { confirmPhrase, startCreate, toConfirm } from './support/onboarding';
import { decide, nextApproval } from './support/flows';

test('Firefox smoke: onboarding, approval, a paid request from the demo page, listed as paid in the popup', async ({
  firefox,
  vendor,
  vendorInfo,
}) => {
  const popup = await openExtensionPage(firefox, POPUP_PATH);
  const phrase = await startCreate(popup, PASSWORD);
  expect(phrase.split(' ')).toHaveLength(12);
  // The recovery phrase, shown once, then the words it asks for typed back.
  await toConfirm(popup);
  await confirmPhrase(popup, phrase);
  await popup.waitForSelector(byTestId(TID.tabActivity));
  const { address } = await callWorker(popup, 'wallet.status', {});
  expect(address).toMatch(/^0x[0-9a-fA-F]{40}$/);

  const demo = await firefox.browser.newPage();
  await demo.goto(vendorInfo.url);
  await demo.click('#echo');

  const approval = await nextApproval(firefox);
  expect(await textOfTestId(approval, TID.approvalVendor)).toBe(vendorInfo.url);
  await decide(approval, 'approve'); // the window closes itself once decided

  // The demo page shows the 200; the receipt (which names the wallet's address) stays with the
  // wallet: Firefox's blocking listener removed it from the page's view after the worker read it.
  await waitInPage(demo, () => document.querySelector('#status')?.textContent === '200', undefined, 'the demo page shows 200');
  expect(await demo.$eval('#result', (element) => element.textContent)).toContain('hello from the page');
  expect(await demo.$eval('#receipt', (element) => element.textContent)).toBe('(kept by the wallet: see its Activity)');

  // The popup lists it as paid (a notice refreshes the open popup: no reload).
  await waitInPage(
    popup,
    ({ row, status }) => [...document.querySelectorAll(row)].map((el) => el.querySelector(status)?.getAttribute('data-status')).join() === 'paid',
    { row: byTestId(TID.txRow), status: byTestId(TID.txStatus) },
    'the popup lists one paid request',
  );

  const [record, ...more] = await readRecords(popup);
  expect(more).toEqual([]);
  expect(record).toMatchObject({ status: 'paid', statusCode: 200, channelId: vendorInfo.vendor, meta: { pageOrigin: vendorInfo.url }, payment: { nonce: 0n } });
  const held = await vendor.client(address!);
  expect(held.vouchers.map((voucher) => voucher.nonce)).toEqual([0n]);
});
