import { expect, test } from './fixtures';
import { OnboardingPage } from './pages/OnboardingPage';
import { saveScreen } from './pages/screens';
import { welcomeTab } from './support/attention';
import { expectContiguousVouchers, settledRecords } from './support/assertions';
import { launchWithExtension } from './support/extension';
import { firstPaidRequest, pageFetch, PASSWORD } from './support/flows';
import { callWorker } from './support/worker-calls';

// PGlite on disk, as a real vendor keeps its vouchers.
test.use({ vendorArgs: ['--demo', '--store', 'pglite'] });

// Profile B's first voucher is nonce 0 again (it knows nothing of A's). With A's voucher cap it is
// A's voucher 0 exactly (EIP-712 signatures of a key are deterministic): the vendor takes it as
// held, finds it spent and answers voucher_spent, a 402 listing what it holds; with another cap it
// is a second voucher under nonce 0: the vendor answers nonce_conflict, a 403 listing the same.
// Either answer is seen by the worker in webRequest and asked about by the page; the issuer checks
// the held vouchers are its own, adopts them and signs on after them (protocol §5.1).
const cases = [
  { name: 'with the same voucher cap (voucher_spent, a 402)', voucherB: '0.002', code: 'voucher_spent' },
  { name: 'with another voucher cap (nonce_conflict, a 403)', voucherB: '0.003', code: 'nonce_conflict' },
] as const;

for (const { name, voucherB, code } of cases) {
  test(`a fresh profile imports the same phrase and keeps paying the same vendor with no nonce reused, ${name}`, async ({
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
      const first = await firstPaidRequest(contextB, demoB, '/api/data?bytes=50000', { ...limits, voucher: voucherB });
      expect(first.status).toBe(200);
      for (let i = 0; i < 2; i++) {
        const response = await pageFetch(demoB, '/api/data?bytes=50000');
        expect(response.status).toBe(200);
      }
      const after = (await vendor.client(address)).vouchers;
      // What the vendor held for A is untouched (same nonces, same atoms), and the sequence goes on without a gap.
      expect(after.slice(0, heldByVendor.length).map(({ nonce, atoms }) => ({ nonce, atoms }))).toEqual(
        heldByVendor.map(({ nonce, atoms }) => ({ nonce, atoms })),
      );
      expect(after.length).toBeGreaterThan(heldByVendor.length);
      await expectContiguousVouchers(vendor, address);
      // B's first new voucher is the one after A's last, never one under a nonce A signed.
      expect(after[heldByVendor.length]!.nonce).toBe(lastNonceA + 1n);
      // The one answer that told B where A stopped, not one per request.
      const codes = (await vendor.paymentRequired(address)).codes;
      for (const each of ['voucher_spent', 'nonce_conflict']) {
        expect((codes[each] ?? 0) - (codesBefore[each] ?? 0), each).toBe(each === code ? 1 : 0);
      }
      // B's three requests are paid in B's records, by A's last voucher (adopted) or later ones.
      const records = await settledRecords(welcome, 3);
      expect(records.map((record) => record.status)).toEqual(['paid', 'paid', 'paid']);
      for (const record of records) expect(record.payment!.nonce).toBeGreaterThanOrEqual(lastNonceA);
    } finally {
      await contextB.close();
    }
  });
}
