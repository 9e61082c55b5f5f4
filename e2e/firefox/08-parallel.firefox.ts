import { expectContiguousVouchers, settledRecords } from '../support/assertions';
import { createWallet } from '../support/flows';
import { expect, test } from './fixtures';
import { firstPaidRequest } from './support/flows';

// e2e/08-parallel.spec.ts on Firefox.
test('Firefox: 100 parallel fetches from one page: all 200, charged total = sum of receipts, every record final', async ({
  firefox,
  vendor,
  vendorInfo,
  walletPage,
}) => {
  const address = await createWallet(walletPage);
  const demo = await firefox.browser.newPage();
  await demo.goto(vendorInfo.url);
  const first = await firstPaidRequest(firefox, demo, '/api/echo?q=first');
  expect(first.status).toBe(200);

  const results = await demo.evaluate(() =>
    Promise.all(
      Array.from({ length: 100 }, async (_, i) => {
        const response = await fetch(`/api/echo?q=parallel-${i}`);
        return { status: response.status, body: await response.text() };
      }),
    ),
  );
  expect(results.map((result) => result.status)).toEqual(Array(100).fill(200));
  results.forEach((result, i) => expect(JSON.parse(result.body).echo).toBe(`parallel-${i}`));

  // Pages never see receipts (the worker's rule removes the header): the records hold what the
  // worker observed on the network.
  const records = await settledRecords(walletPage, 101);
  expect(records.every((record) => record.status === 'paid')).toBe(true);
  const total = records.reduce((sum, record) => sum + record.payment!.cost, 0n);
  expect(await vendor.charged(address)).toEqual({ requests: 101, charged: total });
  expect(new Set(records.map((record) => record.payment!.serviceTxRef)).size).toBe(101);
  await expectContiguousVouchers(vendor, address);
});
