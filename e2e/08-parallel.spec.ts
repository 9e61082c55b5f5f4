import { expect, test } from './fixtures';
import { expectContiguousVouchers, settledRecords } from './support/assertions';
import { firstPaidRequest, walletOnDemoPage } from './support/flows';

test('100 parallel fetches from one page: all 200, charged total = sum of receipts, every record final', async ({
  context,
  vendor,
  vendorInfo,
  walletPage,
}) => {
  const { address, demo } = await walletOnDemoPage(context, walletPage, vendorInfo.url);
  const first = await firstPaidRequest(context, demo, '/api/echo?q=first');
  expect(first.status).toBe(200);

  const results = await demo.evaluate(() =>
    Promise.all(
      Array.from({ length: 100 }, async (_, i) => {
        const response = await fetch(`/api/echo?q=parallel-${i}`);
        return { status: response.status, body: await response.text(), receipt: response.headers.get('x-voucher-receipt') };
      }),
    ),
  );
  expect(results.map((result) => result.status)).toEqual(Array(100).fill(200));
  results.forEach((result, i) => expect(JSON.parse(result.body).echo).toBe(`parallel-${i}`));

  expect(results.every((result) => result.receipt === null)).toBe(true);

  // Every receipt as the worker observed it on the network: one per request, summing to the charge.
  const records = await settledRecords(walletPage, 101);
  expect(records.every((record) => record.status === 'paid')).toBe(true);
  const total = records.reduce((sum, record) => sum + record.payment!.cost, 0n);
  const charged = await vendor.charged(address);
  expect(charged).toEqual({ requests: 101, charged: total });
  expect(new Set(records.map((record) => record.payment!.serviceTxRef)).size).toBe(101);
  await expectContiguousVouchers(vendor, address);
});
