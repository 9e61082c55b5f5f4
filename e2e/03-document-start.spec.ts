import { expect, test } from './fixtures';
import { createWallet, nextApproval } from './support/flows';
import { TestSite } from './support/test-site';
import { readRecords } from './support/worker-calls';

test('a request an inline script makes at document_start is intercepted and paid', async ({
  context,
  vendor,
  vendorInfo,
  walletPage,
}) => {
  const address = await createWallet(walletPage);
  const site = await new TestSite().start();
  try {
    // The script runs in <head> before anything else on the page: the wrapper must already be there.
    const url = site.page(
      '/early.html',
      `<!doctype html><html><head><script>
        window.__early = fetch(${JSON.stringify(`${vendorInfo.url}/api/echo?q=early`)}).then(async (r) => ({
          status: r.status, body: await r.text(), receipt: r.headers.get('x-voucher-receipt') }));
      </script></head><body>early</body></html>`,
    );
    const page = await context.newPage();
    await page.goto(url);
    const approval = await nextApproval(context);
    await expect(approval.pageOrigin).toHaveText(site.origin);
    await approval.approve();

    const result = await page.evaluate(() => (window as unknown as { __early: Promise<{ status: number; body: string; receipt: string | null }> }).__early);
    expect(result.status).toBe(200);
    expect(JSON.parse(result.body)).toMatchObject({ echo: 'early' });
    expect(result.receipt).toBeNull();
    expect((await vendor.client(address)).vouchers.map((voucher) => voucher.nonce)).toEqual([0n]);
    await expect.poll(async () => (await readRecords(walletPage)).map((record) => [record.status, record.meta?.pageOrigin])).toEqual([
      ['paid', site.origin],
    ]);

    // Loaded again, the wrapper's hello has the worker's header rule in place before the inline
    // script's request leaves: that request is sent once, with no 402 and no retry.
    await page.reload();
    const again = await page.evaluate(() => (window as unknown as { __early: Promise<{ status: number }> }).__early);
    expect(again.status).toBe(200);
    const sends = await page.evaluate(() => performance.getEntriesByType('resource').filter((entry) => entry.name.includes('/api/echo')).length);
    expect(sends).toBe(1);
  } finally {
    await site.stop();
  }
});
