import { expect, test } from './fixtures';
import { firstPaidRequest, nextApproval, pageFetch, walletOnDemoPage } from './support/flows';
import { TestSite } from './support/test-site';
import { callWorker, readRecords } from './support/worker-calls';

test.describe('another origin', () => {
  let site: TestSite;
  test.beforeEach(async () => {
    site = await new TestSite().start();
  });
  test.afterEach(async () => {
    await site.stop();
  });

  test('a page not approved gets no voucher: its 402 reaches it and an approval is asked for its origin', async ({
    context,
    vendor,
    vendorInfo,
    walletPage,
  }) => {
    const { address, demo } = await walletOnDemoPage(context, walletPage, vendorInfo.url);
    expect((await firstPaidRequest(context, demo, '/api/echo?q=own-page')).status).toBe(200);
    const before = await vendor.charged(address);

    const other = await context.newPage();
    await other.goto(site.page('/other.html', '<!doctype html><title>other</title><p>other</p>'));
    const pending = pageFetch(other, `${vendorInfo.url}/api/echo?q=from-elsewhere`);
    const approval = await nextApproval(context);
    await expect(approval.pageOrigin).toHaveText(site.origin);
    await expect(approval.vendorOrigin).toHaveText(vendorInfo.url);
    await approval.page.close(); // the user dismisses the window: not granted

    const response = await pending;
    expect(response.status).toBe(402);
    expect(response.receiptHeader).toBeNull();
    expect(await vendor.charged(address)).toEqual(before);
    expect((await vendor.client(address)).vouchers.map((voucher) => voucher.nonce)).toEqual([0n]);
    const [vendorSummary] = await callWorker(walletPage, 'vendors.list', {});
    expect(vendorSummary!.approvedOrigins).toEqual([vendorInfo.url]);
    const records = await readRecords(walletPage);
    expect(records.find((record) => record.meta?.pageOrigin === site.origin)).toMatchObject({
      status: 'error',
      errorCode: 'vendor_rejected',
    });
  });

  test('a page forging bridge messages, port offers and replies gets nothing signed', async ({
    context,
    vendor,
    vendorInfo,
    walletPage,
  }) => {
    const { address, demo } = await walletOnDemoPage(context, walletPage, vendorInfo.url);
    expect((await firstPaidRequest(context, demo, '/api/echo?q=own-page')).status).toBe(200);
    const before = await vendor.charged(address);
    const body402 = await (await fetch(`${vendorInfo.url}/api/echo`)).text();

    const other = await context.newPage();
    await other.goto(site.page('/forge.html', '<!doctype html><title>forge</title>'));
    await other.evaluate(
      ({ vendorUrl, body402 }) => {
        const state = { portsOffered: [] as number[], onFakePort: [] as unknown[], result: null as null | { status: number; receipt: string | null } };
        (window as unknown as { __forge: typeof state }).__forge = state;
        addEventListener('voucher-wallet:port', (event) => state.portsOffered.push((event as MessageEvent).ports.length));
        const input = { url: `${vendorUrl}/api/echo`, status: 402, body: body402, sentNewestNonce: null, clientTxRef: 'forged-1' };
        // Every message shape the bridge and the worker use, posted on the window, and fake replies.
        for (const message of [
          { id: 0, type: 'page.paymentRequired', input },
          { channel: 'page', type: 'page.paymentRequired', input },
          { channel: 'popup', type: 'approvals.decide', input: { id: 'x', approve: true, budgetAtoms: { $bigint: '1' }, maxVoucherAtoms: { $bigint: '1' } } },
          { channel: 'bridge', type: 'forgetHeaders' },
          { id: 0, reply: { ok: true, value: { paid: { vendorOrigin: vendorUrl, header: 'v1.forged', newestNonce: 0 } } } },
        ]) {
          postMessage(message, '*');
        }
        // Ask the bridge for its port again, and offer the wrapper a port of ours.
        dispatchEvent(new Event('voucher-wallet:ready'));
        const fake = new MessageChannel();
        fake.port1.onmessage = (event) => {
          state.onFakePort.push(event.data);
          // Answer as a worker that paid, in case the wrapper took this port.
          fake.port2.postMessage({ id: event.data?.id, reply: { ok: true, value: { paid: { vendorOrigin: vendorUrl, header: 'v1.forged', newestNonce: 0 } } } });
        };
        dispatchEvent(new MessageEvent('voucher-wallet:port', { ports: [fake.port2], cancelable: true }));
        // A paid request: the wrapper asks the worker over whichever port it holds.
        void fetch(`${vendorUrl}/api/echo?q=forged`).then((r) => (state.result = { status: r.status, receipt: r.headers.get('x-voucher-receipt') }));
      },
      { vendorUrl: vendorInfo.url, body402 },
    );
    // The real bridge carried the request: the worker asks the user about this origin.
    const approval = await nextApproval(context);
    await expect(approval.pageOrigin).toHaveText(site.origin);
    await approval.page.close();
    const forge = () =>
      other.evaluate(() => (window as unknown as { __forge: { portsOffered: number[]; onFakePort: unknown[]; result: { status: number; receipt: string | null } | null } }).__forge);
    await expect.poll(async () => (await forge()).result).toEqual({ status: 402, receipt: null });
    const seen = await forge();
    // Only our own offer was seen: the bridge handed out nothing more, and the wrapper kept its port.
    expect(seen.portsOffered).toEqual([1]);
    expect(seen.onFakePort).toEqual([]);
    expect(await callWorker(walletPage, 'approvals.list', {})).toEqual([]);

    expect(await vendor.charged(address)).toEqual(before);
    expect((await vendor.client(address)).vouchers.map((voucher) => voucher.nonce)).toEqual([0n]);
    expect((await readRecords(walletPage)).map((record) => record.clientTxRef)).not.toContain('forged-1');
  });
});
