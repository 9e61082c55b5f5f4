import { DEMO_VENDOR_ARGS } from '../scripts/lib/demo-vendor';
import { TID } from '../src/popup/testids';
import { expect, test } from './fixtures';
import { OnboardingPage } from './pages/OnboardingPage';
import { saveScreen } from './pages/screens';
import { welcomeTab } from './support/attention';
import { settledRecords } from './support/assertions';
import { nextApproval, PASSWORD } from './support/flows';

// What `npm start` runs: the vendor on its own local chain (anvil) with the demo's settings.
test.use({ vendorArgs: [...DEMO_VENDOR_ARGS, '--store', 'memory'] });

test('the demo page from a fresh profile: onboarding tab, paste the address for test funds, approve, paid, redeemed total rises', async ({
  context,
  vendor,
  vendorInfo,
  walletPage,
}) => {
  const started = Date.now();
  // 1–2. The extension opened its onboarding; the user creates a wallet there.
  const welcome = await welcomeTab(context);
  const onboarding = new OnboardingPage(welcome);
  await onboarding.create(PASSWORD);
  const address = (await welcome.getByTestId(TID.welcomeAddress).textContent())!;
  expect(address).toMatch(/^0x[0-9a-fA-F]{40}$/);

  const demo = await context.newPage();
  await demo.goto(vendorInfo.url);
  await expect(demo.locator('#faucet')).toBeVisible(); // the local chain has a faucet
  await saveScreen(demo, 'demo-page', { fullPage: true });

  // Before funding, the vendor refuses the unknown client and the page says what to do.
  // (The wallet asks for approval first: approve with small vouchers, as the demo's settings propose.)
  await demo.locator('#echo').click();
  const approval = await nextApproval(context);
  await approval.approve();
  await expect(demo.locator('#status')).toHaveText('403');
  await expect(demo.locator('#status-note')).toContainText('get test funds');

  // 3. The user pastes the address the wallet showed; the page never asked the wallet for it.
  await demo.locator('#faucet-address').fill('0x1234');
  await demo.locator('#faucet').click();
  await expect(demo.locator('#faucet-note')).toContainText('42 characters');
  await demo.locator('#faucet-address').fill(address);
  await demo.locator('#faucet').click();
  await expect(demo.locator('#faucet-note')).toContainText('100 USDC of collateral', { timeout: 30_000 });

  // 4. A paid request.
  await demo.locator('#echo').click();
  await expect(demo.locator('#status')).toHaveText('200');
  await expect(demo.locator('#status-note')).toContainText('Paid:');
  const firstPaidMs = Date.now() - started;
  console.log(`demo page: fresh profile → first paid request in ${(firstPaidMs / 1000).toFixed(1)} s (browser automation speed)`);
  await expect(demo.locator('#stat-requests')).toHaveText('1');

  // 5. 100 kB downloads spend the small vouchers; the vendor redeems them and the panel shows it.
  for (let i = 0; i < 3; i++) {
    await demo.locator('#data').click();
    await expect(demo.locator('#status')).toHaveText('200');
  }
  await expect(demo.locator('#stat-redeemed')).not.toHaveText(/^(–|0 USDC)$/, { timeout: 30_000 });
  const redeemed = (await demo.locator('#stat-redeemed').textContent())!;
  const admin = await vendor.admin<{ redeemed: string }>('/admin');
  expect(BigInt(admin.redeemed)).toBeGreaterThan(0n);
  await expect(demo.locator('#step-paid')).toHaveClass(/done/);
  await saveScreen(demo, 'demo-page-paid', { fullPage: true });
  // The wallet's activity holds the calls the user made, not the earnings panel's live feed.
  const records = await settledRecords(walletPage, 6);
  expect(records.map((record) => new URL(record.urlOrTarget).pathname).sort()).toEqual([
    '/api/data', '/api/data', '/api/data', '/api/echo', '/api/echo', '/demo/faucet',
  ]);
  console.log(`demo page: redeemed ${redeemed} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
});
