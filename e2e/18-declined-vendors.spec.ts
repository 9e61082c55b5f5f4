import { TID } from '../src/popup/testids';
import { expect, test } from './fixtures';
import { saveScreen } from './pages/screens';
import { VendorsPage } from './pages/VendorsPage';
import { nextApproval, pageFetch, walletOnDemoPage } from './support/flows';
import { callWorker } from './support/worker-calls';

// Issue 14 item 10: an approval window closed without an answer is a rejection; the popup lists it with an undo.
test('closing the approval window declines the vendor; the vendors screen lists it and Undo lets the page ask again', async ({
  context,
  openPopup,
  vendorInfo,
  walletPage,
}) => {
  const { demo } = await walletOnDemoPage(context, walletPage, vendorInfo.url);
  const pending = pageFetch(demo, '/api/echo?q=closed');
  const approval = await nextApproval(context);
  await approval.page.close();
  expect((await pending).status).toBe(402);
  expect((await pageFetch(demo, '/api/echo?q=still')).status).toBe(402);

  const popup = await openPopup();
  await new VendorsPage(popup).open();
  const row = popup.getByTestId(TID.rejectedVendor);
  await expect(row).toHaveCount(1);
  await expect(row).toHaveAttribute('data-vendor', vendorInfo.vendor);
  await expect(row).toHaveAttribute('data-origin', vendorInfo.url);
  await saveScreen(popup, 'vendors-declined');
  await row.getByTestId(TID.rejectedUndo).click();
  await expect(row).toHaveCount(0);
  expect(await callWorker(walletPage, 'vendors.rejected', {})).toEqual([]);

  const again = pageFetch(demo, '/api/echo?q=again');
  await (await nextApproval(context)).approve();
  expect((await again).status).toBe(200);
});
