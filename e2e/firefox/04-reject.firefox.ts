import { createWallet, pageFetch } from '../support/flows';
import { callWorker, readRecords } from '../support/worker-calls';
import { expect, test } from './fixtures';
import { decide, nextApproval, openUrls } from './support/flows';

// e2e/04-reject.spec.ts on Firefox.
test('Firefox: rejecting the vendor: the page gets the 402, the record is an error, nothing is signed', async ({
  firefox,
  vendor,
  vendorInfo,
  walletPage,
}) => {
  const address = await createWallet(walletPage);
  const demo = await firefox.browser.newPage();
  await demo.goto(vendorInfo.url);

  const pending = pageFetch(demo, '/api/echo?q=rejected');
  await decide(await nextApproval(firefox), 'reject');
  const response = await pending;
  expect(response.status).toBe(402);
  expect(JSON.parse(response.body)).toMatchObject({ error: { code: 'payment_required' }, vendor: vendorInfo.vendor });

  // A remembered rejection: the next request gets its 402 without asking again.
  const again = await pageFetch(demo, '/api/echo?q=again');
  expect(again.status).toBe(402);
  expect(await callWorker(walletPage, 'approvals.list', {})).toEqual([]);
  expect((await openUrls(firefox)).filter((url) => url.includes('#/approve/'))).toEqual([]);

  const records = await readRecords(walletPage);
  expect(records).toHaveLength(2);
  for (const record of records) expect(record).toMatchObject({ status: 'error', errorCode: 'vendor_rejected', statusCode: 402 });
  expect((await vendor.client(address)).vouchers).toEqual([]);
  expect((await vendor.charged(address)).requests).toBe(0);
  expect(await callWorker(walletPage, 'vendors.list', {})).toEqual([]);
});
