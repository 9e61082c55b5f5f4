import { expect } from '@playwright/test';
import type { Address } from 'viem';
import type { AnyPage } from '../evaluate';
import { evaluateIn } from '../evaluate';
import type { PageResponse } from '../flows';
import type { VendorInfo, VendorProcess } from '../vendor-process';
import { callWorker, readRecords } from '../worker-calls';

// Scenario 10 (e2e/10-other-origin.spec.ts, e2e/firefox/10-other-origin.firefox.ts): the steps and
// checks both browsers share; opening and dismissing the approval window is each driver's own.

type Charged = Awaited<ReturnType<VendorProcess['charged']>>;

/** After the approval for `siteOrigin`'s page was dismissed: it got its 402, nothing was paid, its origin is not approved. */
export async function expectOtherOriginRefused(
  response: PageResponse,
  walletPage: AnyPage,
  vendor: VendorProcess,
  vendorInfo: VendorInfo,
  address: Address,
  before: Charged,
  siteOrigin: string,
): Promise<void> {
  expect(response.status).toBe(402);
  expect(response.receiptHeader).toBeNull();
  expect(await vendor.charged(address)).toEqual(before);
  expect((await vendor.client(address)).vouchers.map((voucher) => voucher.nonce)).toEqual([0n]);
  const [vendorSummary] = await callWorker(walletPage, 'vendors.list', {});
  expect(vendorSummary!.approvedOrigins).toEqual([vendorInfo.url]);
  const records = await readRecords(walletPage);
  expect(records.find((record) => record.meta?.pageOrigin === siteOrigin)).toMatchObject({
    status: 'error',
    errorCode: 'vendor_rejected',
  });
}

interface ForgeState {
  portsOffered: number[];
  onFakePort: unknown[];
  result: null | { status: number; receipt: string | null };
}

/**
 * In `page` (another origin than the vendor's): every message shape the bridge and the worker use,
 * posted on the window, fake replies, a request for the bridge's port again, a port of the page's
 * own offered to the wrapper; then a paid request, which the real bridge carries (the worker asks
 * the user about this origin). What the page saw is kept for `expectForgeryGotNothing`.
 */
export async function forgeBridgeTraffic(page: AnyPage, vendorUrl: string): Promise<void> {
  const body402 = await (await fetch(`${vendorUrl}/api/echo`)).text();
  await evaluateIn(
    page,
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
    { vendorUrl, body402 },
  );
}

/** After the approval the forged traffic led to was dismissed: the page got its 402, and nothing forged was taken or paid. */
export async function expectForgeryGotNothing(page: AnyPage, walletPage: AnyPage, vendor: VendorProcess, address: Address, before: Charged): Promise<void> {
  const forge = () => evaluateIn(page, () => (window as unknown as { __forge: ForgeState }).__forge, undefined);
  await expect.poll(async () => (await forge()).result).toEqual({ status: 402, receipt: null });
  const seen = await forge();
  // Only our own offer was seen: the bridge handed out nothing more, and the wrapper kept its port.
  expect(seen.portsOffered).toEqual([1]);
  expect(seen.onFakePort).toEqual([]);
  expect(await callWorker(walletPage, 'approvals.list', {})).toEqual([]);

  expect(await vendor.charged(address)).toEqual(before);
  expect((await vendor.client(address)).vouchers.map((voucher) => voucher.nonce)).toEqual([0n]);
  expect((await readRecords(walletPage)).map((record) => record.clientTxRef)).not.toContain('forged-1');
}
