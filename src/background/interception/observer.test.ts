import { privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { encodeReceiptEvent, encodeReceiptHeader, encodeRequirements, parseVoucherHeader, signReceiptText, type Receipt } from '../../protocol';
import { onTabGone, onTabNavigated } from '../lifecycle';
import { Harness, PAGE, VENDOR, VENDOR_KEY, VENDOR_ORIGIN, pageSender, requirements } from '../testing/harness';

/** A wallet approved for VENDOR on PAGE in tab 7, with voucher 0 in the tab's header rule. */
async function paidWorker() {
  const worker = new Harness();
  const { address } = await worker.createWallet('password1');
  await worker.page('page.hello', {});
  const asked = worker.paymentRequired();
  let id: string | undefined;
  while (!id) {
    id = (await worker.popup('approvals.list', {})).value[0]?.id;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  expect(await worker.popup('approvals.decide', { id, approve: true, budgetAtoms: 1_000_000n, maxVoucherAtoms: 100_000n })).toEqual({ ok: true, value: {} });
  expect(await asked).toEqual({ ok: true, value: { retry: true } });
  return { worker, client: address as `0x${string}` };
}

/** A receipt whose cost its claimed time explains (1 atom a ms at the harness prices); the observed time must too. */
function receipt(client: `0x${string}`, cost: bigint, available: bigint, serviceTxRef = 'svc-1'): Receipt {
  return {
    vendor: VENDOR,
    client,
    cost,
    nonce: 0n,
    lastNonce: 0n,
    serviceTxRef,
    usage: { elapsedMs: cost, bytes: 100n },
    credit: { unspent: 100_000n, unmarked: cost, locked: 0n, cap: 10n ** 9n, available },
  };
}

const newestNonce = (worker: Harness) => parseVoucherHeader(worker.platform.sessionRules[0]!.header).vouchers.at(-1)!.nonce;

describe('the network observer', () => {
  it('records a request it saw carry our voucher, with the receipt it saw; a receipt calling for credit tops the rule up', async () => {
    const { worker, client } = await paidWorker();
    expect(newestNonce(worker)).toBe(0n);
    const ref = await worker.observe(
      { status: 200, headers: { 'x-voucher-receipt': encodeReceiptHeader(receipt(client, 99_000n, 1_000n)), 'content-length': '100' } },
      { requestHeaders: { accept: 'application/json', authorization: 'Bearer secret', cookie: 'a=b' }, tookMs: 99_000 },
    );
    const record = await worker.transactions.get(ref);
    expect(record?.headersSummary).toEqual({ accept: 'application/json' });
    expect(record).toMatchObject({ status: 'paid', statusCode: 200, method: 'GET', urlOrTarget: `${VENDOR_ORIGIN}/api/echo`, payment: { cost: 99_000n, nonce: 0n }, meta: { pageOrigin: PAGE } });
    expect(newestNonce(worker)).toBe(1n);
  });

  it('a 402 asked about while a receipt waits in the batch window counts that receipt first (no vouchers_unused)', async () => {
    const { worker, client } = await paidWorker();
    // Voucher 0 charged almost whole, seen a moment ago: not yet applied.
    await worker.observe(
      { status: 200, headers: { 'x-voucher-receipt': encodeReceiptHeader(receipt(client, 99_000n, 1_000n)) } },
      { tookMs: 99_000, flush: false },
    );
    const url = `${VENDOR_ORIGIN}/api/echo`;
    await worker.observe({ status: 402, url, headers: { 'x-voucher-required': 'v1' } }, { flush: false });
    const asked = await worker.ask(url, encodeRequirements(requirements({ nextNonce: 1n })));
    expect(asked).toEqual({ ok: true, value: { retry: true } });
    expect(newestNonce(worker)).toBe(1n);
  });

  it('an observed overcharging receipt stops signing: no top-up, the vendor on hold until the user resumes it', async () => {
    const { worker, client } = await paidWorker();
    // 95,000 atoms for a request the browser saw take 10 ms: flagged, though credit is said to be low.
    await worker.observe({ status: 200, headers: { 'x-voucher-receipt': encodeReceiptHeader(receipt(client, 95_000n, 5_000n)) } }, { tookMs: 10 });
    expect(newestNonce(worker)).toBe(0n);
    let [vendor] = (await worker.popup('vendors.list', {})).value;
    expect(vendor).toMatchObject({ overchargeSuspected: true, vouchersSigned: 1, hold: { reason: 'overcharge_suspected' } });
    expect(worker.platform.notices).toContainEqual({ channel: 'notice', type: 'vendors.changed' });
    const asked = await worker.paymentRequired(encodeRequirements(requirements({ nextNonce: 1n })));
    expect(asked).toMatchObject({ ok: false, code: 'overcharge_suspected' });

    vendor = (await worker.popup('vendors.resume', { vendorKey: vendor.vendorKey })).value;
    expect(vendor.hold).toBeUndefined();
    await worker.observe({ status: 200, headers: { 'x-voucher-receipt': encodeReceiptHeader(receipt(client, 5_000n, 5_000n, 'svc-2')) } }, { tookMs: 5_000 });
    expect(newestNonce(worker)).toBe(1n);
  });

  it('writes nothing for traffic that carried no voucher of ours, nor for a page that is not approved', async () => {
    const { worker, client } = await paidWorker();
    const before = (await worker.transactions.list({}, { limit: 100 })).items.length;
    await worker.observe({ status: 200, url: 'http://bank.example/transfer?to=attacker', method: 'POST' }, { voucher: null });
    await worker.observe({ status: 500 }, { voucher: null });
    // Another page's tab: no rule there, and its receipt-looking header names no approval of its own.
    const other = await worker.observe(
      { status: 200, headers: { 'x-voucher-receipt': encodeReceiptHeader(receipt(client, 1n, 1_000_000n)) } },
      { origin: 'http://127.0.0.1:4000', tabId: 9, voucher: null },
    );
    expect(await worker.transactions.get(other)).toBeNull();
    expect((await worker.transactions.list({}, { limit: 100 })).items.length).toBe(before);
  });

  it('keys records by the browser\'s request id: two pages using the same x-client-tx-ref each keep their record', async () => {
    const { worker, client } = await paidWorker();
    const header = encodeReceiptHeader(receipt(client, 10n, 90_000n));
    const a = await worker.observe({ status: 200, headers: { 'x-voucher-receipt': header } });
    const b = await worker.observe({ status: 200, headers: { 'x-voucher-receipt': header } });
    expect(a).not.toBe(b);
    expect(await worker.transactions.get(a)).toMatchObject({ status: 'paid' });
    expect(await worker.transactions.get(b)).toMatchObject({ status: 'paid' });
  });

  it('a stream\'s in-band receipt counts only with the vendor\'s signature; a page relaying a forged one signs nothing', async () => {
    const { worker, client } = await paidWorker();
    const url = `${VENDOR_ORIGIN}/api/stream`;
    const open = () => worker.observe({ status: 200, url, headers: { 'content-type': 'text/event-stream', 'x-voucher-stream': 'v1' } });
    const dataOf = (value: Receipt) => encodeReceiptEvent(value).split('data: ')[1]!.trim();

    // Forged: credit gone, no signature. The record gets it, the voucher state does not.
    const forged = await open();
    expect(await worker.transactions.get(forged)).toMatchObject({ status: 'pending', stream: true });
    await worker.page('page.streamReceipt', { url, data: dataOf(receipt(client, 99_999n, 1n)), signature: null });
    expect(await worker.transactions.get(forged)).toMatchObject({ status: 'paid' });
    expect(newestNonce(worker)).toBe(0n);
    // Signed with another key: the same.
    const wrongKey = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d');
    const data = dataOf(receipt(client, 99_000n, 1_000n, 'svc-2'));
    await open();
    await worker.page('page.streamReceipt', { url, data, signature: await signReceiptText(wrongKey, data) });
    expect(newestNonce(worker)).toBe(0n);
    // Signed by the approved vendor's key: counted, and the top-up lands in the rule.
    const signed = await open();
    worker.platform.clock.now += 99_000; // the stream ran as long as the receipt says
    await worker.page('page.streamReceipt', { url, data, signature: await signReceiptText(privateKeyToAccount(VENDOR_KEY), data) });
    expect(await worker.transactions.get(signed)).toMatchObject({ status: 'paid', payment: { cost: 99_000n } });
    expect(newestNonce(worker)).toBe(1n);
    // A receipt for a stream the browser never saw this tab open is ignored.
    await worker.page('page.streamReceipt', { url, data, signature: null }, pageSender(PAGE, 8));
    expect(newestNonce(worker)).toBe(1n);
  });

  it('an event stream the vendor does not mark settled (a free route) is recorded free at once, not left pending', async () => {
    const { worker, client } = await paidWorker();
    const url = `${VENDOR_ORIGIN}/demo/stats/live`;
    const ref = await worker.observe({ status: 200, url, headers: { 'content-type': 'text/event-stream' } });
    expect(await worker.transactions.get(ref)).toMatchObject({ status: 'free', stream: true });
    // Nothing waits for its receipt event: a relayed one for it is refused (the stream is not open).
    const data = encodeReceiptEvent(receipt(client, 5n, 99_995n)).split('data: ')[1]!.trim();
    await worker.page('page.streamReceipt', { url, data, signature: null });
    expect(await worker.transactions.get(ref)).toMatchObject({ status: 'free' });
  });

  it('header rules follow the tab: gone when it closes or leaves the approved origin, back when the page says hello', async () => {
    const { worker } = await paidWorker();
    expect(worker.platform.sessionRules).toHaveLength(1);
    await onTabNavigated(worker.services, 7, `${PAGE}/other-path`);
    expect(worker.platform.sessionRules).toHaveLength(1);
    await onTabNavigated(worker.services, 7, 'http://127.0.0.1:4000/');
    expect(worker.platform.sessionRules).toEqual([]);
    await worker.page('page.hello', {});
    expect(worker.platform.sessionRules).toHaveLength(1);
    await onTabGone(worker.services, 7);
    expect(worker.platform.sessionRules).toEqual([]);
  });

  it('rebuilds the session rules a browser restart dropped, once the page says hello again', async () => {
    const { worker } = await paidWorker();
    worker.platform = worker.platform.restartBrowser();
    worker.restartWorker();
    await worker.popup('wallet.unlock', { password: 'password1' });
    expect(worker.platform.sessionRules).toEqual([]);
    await worker.page('page.hello', {});
    expect(worker.platform.sessionRules).toHaveLength(1);
  });
});
