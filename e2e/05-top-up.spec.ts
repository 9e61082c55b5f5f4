import { expect, test } from './fixtures';
import { expectContiguousVouchers, settledRecords } from './support/assertions';
import { firstPaidRequest, walletOnDemoPage } from './support/flows';

// 50 kB costs ~500 atoms and locks 1,500; a voucher of 2,000 atoms lasts a request or two.
const DATA = '/api/data?bytes=50000';

test('credit runs out over many requests: vouchers 1, 2, … are signed ahead and the vendor sends one 402 only, the first', async ({
  context,
  vendor,
  vendorInfo,
  walletPage,
}) => {
  const { address, demo } = await walletOnDemoPage(context, walletPage, vendorInfo.url);
  const first = await firstPaidRequest(context, demo, DATA, { budget: '1', voucher: '0.002' });
  expect(first.status).toBe(200);

  const later = await demo.evaluate(async (url) => {
    const out: { status: number; receipt: string | null; bytes: number }[] = [];
    for (let i = 0; i < 9; i++) {
      const response = await fetch(url);
      out.push({ status: response.status, receipt: response.headers.get('x-voucher-receipt'), bytes: (await response.arrayBuffer()).byteLength });
      // A page doing other work between calls: the top-up voucher arrives meanwhile.
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return out;
  }, DATA);
  expect(later.map((response) => response.status)).toEqual(Array(9).fill(200));
  expect(later.every((response) => response.bytes === 50_000)).toBe(true);

  // Receipts as the worker observed them (the page sees none), in request order.
  expect(later.every((response) => response.receipt === null)).toBe(true);
  const records = (await settledRecords(walletPage, 10)).sort((a, b) => a.timestamp - b.timestamp);
  expect(records.every((record) => record.status === 'paid')).toBe(true);
  const receipts = records.map((record) => record.payment!);
  const nonces = await expectContiguousVouchers(vendor, address);
  expect(nonces.length).toBeGreaterThanOrEqual(4);
  const held = await vendor.client(address);
  for (const voucher of held.vouchers) expect(voucher.atoms).toBeLessThanOrEqual(2_000n);
  // Receipts name vouchers the vendor holds, in order.
  const charged = receipts.map((receipt) => receipt.nonce);
  expect([...charged].sort((a, b) => Number(a - b))).toEqual(charged);
  expect(charged.at(-1)).toBeLessThanOrEqual(nonces.at(-1)!);
  expect((await vendor.charged(address)).charged).toBe(receipts.reduce((sum, receipt) => sum + receipt.cost, 0n));
  // The page never sees a 402 (the wrapper would hide it), so the vendor's count is the proof: the
  // first request, which had no voucher, met the only one; every top-up came before credit ran out.
  expect(await vendor.paymentRequired(address)).toEqual({ total: 1, client: 0, codes: { payment_required: 1 } });
});
