import { TID } from '../../src/popup/testids';
import { createWallet } from '../support/flows';
import { TestSite } from '../support/test-site';
import { readRecords } from '../support/worker-calls';
import { expect, test } from './fixtures';
import { textOfTestId } from './support/firefox';
import { decide, nextApproval } from './support/flows';

// e2e/03-document-start.spec.ts on Firefox: MAIN-world content scripts at document_start exist
// there only since 128, the manifest's strict_min_version.
test('Firefox: a request an inline script makes at document_start is intercepted and paid', async ({
  firefox,
  vendor,
  vendorInfo,
  walletPage,
}) => {
  const address = await createWallet(walletPage);
  const site = await new TestSite().start();
  try {
    const url = site.page(
      '/early.html',
      `<!doctype html><html><head><script>
        window.__early = fetch(${JSON.stringify(`${vendorInfo.url}/api/echo?q=early`)}).then(async (r) => ({
          status: r.status, body: await r.text(), receipt: r.headers.get('x-voucher-receipt') }));
      </script></head><body>early</body></html>`,
    );
    const page = await firefox.browser.newPage();
    await page.goto(url);
    const approval = await nextApproval(firefox);
    expect(await textOfTestId(approval, TID.approvalPage)).toBe(site.origin);
    await decide(approval, 'approve');

    type Early = { status: number; body: string; receipt: string | null };
    const result = await page.evaluate(() => (window as unknown as { __early: Promise<Early> }).__early);
    expect(result.status).toBe(200);
    expect(JSON.parse(result.body)).toMatchObject({ echo: 'early' });
    expect(result.receipt).toBeNull(); // read and removed by the worker (platform.ts)
    expect((await vendor.client(address)).vouchers.map((voucher) => voucher.nonce)).toEqual([0n]);
    await expect
      .poll(async () => (await readRecords(walletPage)).map((record) => [record.status, record.meta?.pageOrigin, record.payment?.nonce]))
      .toEqual([['paid', site.origin, 0n]]);

    // Loaded again: the request leaves once, with no 402 and no retry.
    await page.reload();
    const again = await page.evaluate(() => (window as unknown as { __early: Promise<Early> }).__early);
    expect(again.status).toBe(200);
    const sends = await page.evaluate(() => performance.getEntriesByType('resource').filter((entry) => entry.name.includes('/api/echo')).length);
    expect(sends).toBe(1);
  } finally {
    await site.stop();
  }
});
