import { TID } from '../../src/popup/testids';
import { pageFetch, walletOnDemoPage } from '../support/flows';
import { callWorker } from '../support/worker-calls';
import { expect, test } from './fixtures';
import { byTestId, clickTestId, openExtensionPage, POPUP_PATH, shown, waitClosed } from './support/firefox';
import { decide, nextApproval } from './support/flows';

// e2e/18-declined-vendors.spec.ts on Firefox (its screenshot is Chromium's).
test('Firefox: closing the approval window declines the vendor; the vendors screen lists it and Undo lets the page ask again', async ({
  firefox,
  vendorInfo,
  walletPage,
}) => {
  const { demo } = await walletOnDemoPage(firefox.browser, walletPage, vendorInfo.url);
  const pending = pageFetch(demo, '/api/echo?q=closed');
  const approval = await nextApproval(firefox);
  await approval.close();
  await waitClosed(approval, 'the approval window');
  expect((await pending).status).toBe(402);
  expect((await pageFetch(demo, '/api/echo?q=still')).status).toBe(402);

  const popup = await openExtensionPage(firefox, POPUP_PATH);
  await clickTestId(popup, TID.tabVendors);
  const rows = () => shown(popup, byTestId(TID.rejectedVendor), 'data-vendor');
  await expect.poll(rows).toEqual([expect.objectContaining({ attribute: vendorInfo.vendor })]);
  expect(await shown(popup, byTestId(TID.rejectedVendor), 'data-origin')).toEqual([expect.objectContaining({ attribute: vendorInfo.url })]);
  await clickTestId(popup, TID.rejectedUndo); // the one row's Undo
  await expect.poll(rows).toEqual([]);
  expect(await callWorker(walletPage, 'vendors.rejected', {})).toEqual([]);

  const again = pageFetch(demo, '/api/echo?q=again');
  await decide(await nextApproval(firefox), 'approve');
  expect((await again).status).toBe(200);
});
