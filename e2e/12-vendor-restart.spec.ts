import { expect, test } from './fixtures';
import { expectContiguousVouchers, newestPayment, settledRecords } from './support/assertions';
import { firstPaidRequest, pageFetch, walletOnDemoPage } from './support/flows';

// PGlite on disk: what the vendor knows survives its restart.
test.use({ vendorArgs: ['--demo', '--store', 'pglite'] });

const DATA = '/api/data?bytes=50000';

test('vendor restarted between requests: same voucher sequence, same credit, nothing lost', async ({
  context,
  vendor,
  vendorInfo,
  walletPage,
}) => {
  // Two PGlite starts on disk: slow on a loaded machine, so this test gets three times the time.
  test.slow();
  const { address, demo } = await walletOnDemoPage(context, walletPage, vendorInfo.url);
  expect((await firstPaidRequest(context, demo, DATA, { budget: '1', voucher: '0.002' })).status).toBe(200);
  let chargedNonce = 0n;
  for (let i = 0; i < 2; i++) {
    const response = await pageFetch(demo, DATA);
    expect(response.status).toBe(200);
    chargedNonce = (await newestPayment(walletPage, i + 2)).nonce;
  }
  const before = await vendor.client(address);
  expect(before.vouchers.length).toBeGreaterThanOrEqual(2);

  await vendor.restart();
  expect(vendor.info!.url).toBe(vendorInfo.url);
  expect(vendor.info!.vendor).toBe(vendorInfo.vendor);
  const restored = await vendor.client(address);
  expect(restored).toEqual(before);

  const nonces: bigint[] = [];
  for (let i = 0; i < 3; i++) {
    const response = await pageFetch(demo, DATA);
    expect(response.status).toBe(200);
    nonces.push((await newestPayment(walletPage, i + 4)).nonce);
  }
  // Charging picks up where it stopped: never an older voucher than before the restart.
  expect(nonces[0]).toBeGreaterThanOrEqual(chargedNonce);
  expect([...nonces].sort((a, b) => Number(a - b))).toEqual(nonces);
  const after = await vendor.client(address);
  // The old vouchers are unchanged (same atoms); new ones continue the sequence.
  expect(after.vouchers.slice(0, before.vouchers.length).map(({ nonce, atoms }) => ({ nonce, atoms }))).toEqual(
    before.vouchers.map(({ nonce, atoms }) => ({ nonce, atoms })),
  );
  await expectContiguousVouchers(vendor, address);
  const records = await settledRecords(walletPage, 6);
  expect(records.every((record) => record.status === 'paid')).toBe(true);
});
