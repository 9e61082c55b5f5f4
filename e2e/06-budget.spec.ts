import { expect, test } from './fixtures';
import { settledRecords } from './support/assertions';
import { firstPaidRequest, walletOnDemoPage } from './support/flows';

const DATA = '/api/data?bytes=50000';
const BUDGET_ATOMS = 4_000n;

test('budget exhausted: the page gets the 402, the record says so, the vendor holds nothing beyond the budget', async ({
  context,
  vendor,
  vendorInfo,
  walletPage,
}) => {
  const { address, demo } = await walletOnDemoPage(context, walletPage, vendorInfo.url);
  expect((await firstPaidRequest(context, demo, DATA, { budget: '0.004', voucher: '0.002' })).status).toBe(200);

  const statuses = await demo.evaluate(async (url) => {
    const out: number[] = [];
    for (let i = 0; i < 20; i++) {
      const response = await fetch(url);
      await response.arrayBuffer();
      out.push(response.status);
      if (response.status === 402) break;
    }
    return out;
  }, DATA);
  expect(statuses.at(-1)).toBe(402);
  expect(statuses.slice(0, -1).every((status) => status === 200)).toBe(true);

  const held = await vendor.client(address);
  expect(held.vouchers.reduce((sum, voucher) => sum + voucher.atoms, 0n)).toBeLessThanOrEqual(BUDGET_ATOMS);
  expect(held.vouchers.map((voucher) => voucher.nonce)).toEqual(held.vouchers.map((_, index) => BigInt(index)));

  const records = await settledRecords(walletPage, statuses.length + 1);
  const failed = records.filter((record) => record.status === 'error');
  expect(failed).toHaveLength(1);
  expect(failed[0]).toMatchObject({ errorCode: 'budget_exhausted', statusCode: 402 });
  expect(records.filter((record) => record.status === 'paid')).toHaveLength(statuses.length);
});
