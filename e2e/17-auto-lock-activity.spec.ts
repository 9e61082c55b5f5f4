import { expect, test as base } from './fixtures';
import { firstPaidRequest, walletOnDemoPage } from './support/flows';
import { FAIR_PRICES, HostileVendor } from './support/hostile-vendor';
import { callWorker } from './support/worker-calls';

const test = base.extend<{ payingVendor: HostileVendor }>({
  payingVendor: async ({}, use) => {
    const vendor = await new HostileVendor().start();
    // An honest vendor with a cheap route: 10-atom vouchers run out every few requests.
    vendor.behavior.prices = { ...FAIR_PRICES, approxCost: 2n };
    await use(vendor);
    await vendor.stop();
  },
});

// Issue 14 item 11. The lock firing once the deadline passes is tested with an injected clock in
// src/background/handlers/page/page-payment-required.test.ts ("auto-lock while pages pay").
test('signatures a page causes are no activity: the auto-lock deadline stays where the user\'s last action put it', async ({
  context,
  walletPage,
  payingVendor,
}) => {
  const { demo } = await walletOnDemoPage(context, walletPage, payingVendor.url);
  await callWorker(walletPage, 'wallet.setAutoLock', { minutes: 1 });
  expect((await firstPaidRequest(context, demo, '/api/data?n=0', { budget: '0.01', voucher: '0.00001' })).status).toBe(200);
  const { lockDeadline, state } = await callWorker(walletPage, 'wallet.status', {});
  expect(state).toBe('unlocked');

  const statuses = await demo.evaluate(async () => {
    const out: number[] = [];
    for (let i = 1; i <= 30; i++) {
      out.push((await fetch(`/api/data?n=${i}`)).status);
      // The page does other work between calls: top-ups arrive meanwhile.
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    return out;
  });
  expect(statuses.filter((status) => status === 200).length).toBeGreaterThan(20);
  // The page made the worker sign more vouchers (top-ups and 402s)...
  expect(payingVendor.nonces().length).toBeGreaterThanOrEqual(3);
  // ...and none of them moved the deadline (before: each signature pushed it a minute on).
  const after = await callWorker(walletPage, 'wallet.status', {});
  expect(after.lockDeadline).toBe(lockDeadline);
});
