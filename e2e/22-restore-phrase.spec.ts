import { expect, test } from './fixtures';
import { OnboardingPage } from './pages/OnboardingPage';
import { saveScreen } from './pages/screens';
import { welcomeTab } from './support/attention';
import { expectContiguousVouchers } from './support/assertions';
import { launchWithExtension } from './support/extension';
import { firstPaidRequest, pageFetch, PASSWORD } from './support/flows';
import { callWorker } from './support/worker-calls';

// PGlite on disk, as a real vendor keeps its vouchers.
test.use({ vendorArgs: ['--demo', '--store', 'pglite'] });

// The vendor's nonce_conflict 403 (x-voucher-required, with the client's held vouchers) is seen
// by the worker in webRequest and asked about by the page like a 402; the issuer adopts the held
// vouchers and signs on after them (protocol §5.1). Still failing on the page path: profile B's
// first paid request ends in a 402 after the recovery (the payer's own recovery passes:
// src/payer/http-client.recovery.test.ts); not yet found why.
test.fixme('a fresh profile imports the same phrase and keeps paying the same vendor with no nonce reused', async ({
  context,
  vendor,
  vendorInfo,
  walletPage,
}) => {
  test.slow();
  // Profile A: a wallet created with a phrase pays a few requests (vouchers 0..k at the vendor).
  const created = await callWorker(walletPage, 'wallet.create', { password: PASSWORD });
  const words = created.phrase.split(' ');
  const { address } = await callWorker(walletPage, 'wallet.confirmPhrase', { address: created.address, words: created.confirm.map((p) => words[p]!) });
  const demoA = await context.newPage();
  await demoA.goto(vendorInfo.url);
  const limits = { budget: '1', voucher: '0.002' };
  expect((await firstPaidRequest(context, demoA, '/api/data?bytes=50000', limits)).status).toBe(200);
  for (let i = 0; i < 3; i++) {
    const response = await pageFetch(demoA, '/api/data?bytes=50000');
    expect(response.status).toBe(200);
  }
  const heldByVendor = (await vendor.client(address)).vouchers;
  // A receipt's lastNonce is the newest voucher the vendor holds (pages never see receipts now).
  const lastNonceA = heldByVendor.reduce((max, voucher) => (voucher.nonce > max ? voucher.nonce : max), 0n);
  expect(heldByVendor.length).toBeGreaterThanOrEqual(2);
  await context.close(); // profile A is gone (the vendor keeps running, same data dir)

  // Profile B: a fresh install; the user imports the phrase in the onboarding tab.
  const contextB = await launchWithExtension();
  try {
    const welcome = await welcomeTab(contextB);
    await new OnboardingPage(welcome).importSecret(created.phrase, PASSWORD);
    await expect(welcome.getByTestId('welcome-address')).toHaveText(address);
    await saveScreen(welcome, 'restore-ready');

    const demoB = await contextB.newPage();
    await demoB.goto(vendorInfo.url);
    const codesBefore = (await vendor.paymentRequired(address)).codes;
    const first = await firstPaidRequest(contextB, demoB, '/api/data?bytes=50000', limits);
    expect(first.status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const response = await pageFetch(demoB, '/api/data?bytes=50000');
      expect(response.status).toBe(200);
    }
    const after = (await vendor.client(address)).vouchers;
    // B signs vouchers after A's, never one under a nonce A signed.
    for (const voucher of after.slice(heldByVendor.length)) expect(voucher.nonce).toBeGreaterThan(lastNonceA);
    // What the vendor held for A is untouched (same nonces, same atoms), and the sequence goes on without a gap.
    expect(after.slice(0, heldByVendor.length).map(({ nonce, atoms }) => ({ nonce, atoms }))).toEqual(
      heldByVendor.map(({ nonce, atoms }) => ({ nonce, atoms })),
    );
    expect(after.length).toBeGreaterThan(heldByVendor.length);
    await expectContiguousVouchers(vendor, address);
    // At most the one answer that told B where A stopped, not a conflict per request.
    const conflicts = ((await vendor.paymentRequired(address)).codes.nonce_conflict ?? 0) - (codesBefore.nonce_conflict ?? 0);
    expect(conflicts).toBeLessThanOrEqual(1);
  } finally {
    await contextB.close();
  }
});
