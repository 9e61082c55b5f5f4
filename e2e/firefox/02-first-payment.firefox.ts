import { TID } from '../../src/popup/testids';
import { newestPayment } from '../support/assertions';
import { pageFetch, walletOnDemoPage } from '../support/flows';
import { readRecords } from '../support/worker-calls';
import { expect, test } from './fixtures';
import { byTestId, clickTestId, openExtensionPage, POPUP_PATH, shown, textNow, waitVisible } from './support/firefox';
import { decide, nextApproval } from './support/flows';

// e2e/02-first-payment.spec.ts on Firefox (its screenshots are Chromium's).
test('Firefox: first paid request: approval window, approve, 200; the worker sees the receipt, the page none; the popup shows it paid at nonce 0', async ({
  firefox,
  vendor,
  vendorInfo,
  walletPage,
}) => {
  const { address, demo } = await walletOnDemoPage(firefox.browser, walletPage, vendorInfo.url);

  const pending = pageFetch(demo, '/api/echo?q=first');
  const approval = await nextApproval(firefox);
  const escaped = `${firefox.base}${POPUP_PATH}`.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  expect(await approval.evaluate(() => location.href)).toMatch(new RegExp(`^${escaped}#/approve/[\\w-]+$`));
  await expect.poll(() => textNow(approval, byTestId(TID.approvalVendor))).toBe(vendorInfo.url);
  await expect.poll(() => textNow(approval, byTestId(TID.approvalPage))).toBe(vendorInfo.url);
  await decide(approval, 'approve');

  const response = await pending;
  expect(response.status).toBe(200);
  expect(JSON.parse(response.body)).toMatchObject({ echo: 'first' });
  // The receipt names the wallet's address: the worker removes it from what the page reads.
  expect(response.receiptHeader).toBeNull();
  const receipt = await newestPayment(walletPage, 1);
  expect(receipt).toMatchObject({ nonce: 0n });
  expect(receipt.cost).toBeGreaterThan(0n);

  // The vendor holds voucher 0 and charged exactly the receipt's cost.
  const held = await vendor.client(address);
  expect(held.vouchers.map((voucher) => voucher.nonce)).toEqual([0n]);
  expect((await vendor.charged(address)).charged).toBe(receipt.cost);

  const popup = await openExtensionPage(firefox, POPUP_PATH);
  const row = byTestId(TID.txRow);
  await expect.poll(async () => (await shown(popup, row)).length).toBe(1);
  expect(await shown(popup, `${row} ${byTestId(TID.txStatus)}`, 'data-status')).toEqual([expect.objectContaining({ attribute: 'paid' })]);
  expect(await textNow(popup, row)).toContain('#0');
  // The wallet's own asset list names the local TestToken, whatever symbol the vendor's 402 says.
  expect(await textNow(popup, `${row} ${byTestId(TID.txCost)}`)).toContain('tUSD');
  await clickTestId(popup, TID.txRow);
  await waitVisible(popup, byTestId(TID.txDetails));
  const details = await textNow(popup, byTestId(TID.txDetails));
  expect(details).toContain(`Cost (atoms)${receipt.cost}`);
  expect(details).toContain('Nonce0');
  await clickTestId(popup, TID.txDetailsClose);

  await clickTestId(popup, TID.tabVendors);
  await waitVisible(popup, `${byTestId(TID.vendorCard)}[data-vendor="${vendorInfo.vendor}"]`);

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
