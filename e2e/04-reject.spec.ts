import { expect, test } from './fixtures';
import { nextApproval, pageFetch, walletOnDemoPage } from './support/flows';
import { callWorker, readRecords } from './support/worker-calls';

test('rejecting the vendor: the page gets the 402, the record is an error, nothing is signed', async ({
  context,
  vendor,
  vendorInfo,
  walletPage,
}) => {
  const { address, demo } = await walletOnDemoPage(context, walletPage, vendorInfo.url);

  const pending = pageFetch(demo, '/api/echo?q=rejected');
  const approval = await nextApproval(context);
  await approval.reject();
  const response = await pending;
  expect(response.status).toBe(402);
  expect(JSON.parse(response.body)).toMatchObject({ error: { code: 'payment_required' }, vendor: vendorInfo.vendor });

  // A remembered rejection: the next request gets its 402 without asking again.
  const again = await pageFetch(demo, '/api/echo?q=again');
  expect(again.status).toBe(402);
  expect(await callWorker(walletPage, 'approvals.list', {})).toEqual([]);
  expect(context.pages().filter((page) => page.url().includes('#/approve/'))).toHaveLength(0);

  const records = await readRecords(walletPage);
  expect(records).toHaveLength(2);
  for (const record of records) expect(record).toMatchObject({ status: 'error', errorCode: 'vendor_rejected', statusCode: 402 });
  const held = await vendor.client(address);
  expect(held.vouchers).toEqual([]);
  expect((await vendor.charged(address)).requests).toBe(0);
  expect(await callWorker(walletPage, 'vendors.list', {})).toEqual([]);
});
