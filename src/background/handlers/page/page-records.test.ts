import { describe, expect, it, vi } from 'vitest';
import type { RecordEvent, RecordRequest } from '../../../messaging/page-api';
import { encodeReceiptEvent, encodeReceiptHeader, encodeRequirements, type Receipt } from '../../../protocol';
import { sweepPending } from '../../sweeper';
import { Harness, VENDOR, VENDOR_ORIGIN, pageSender, requirements } from '../../testing/harness';

async function paidWorker() {
  const worker = new Harness();
  const { address } = await worker.createWallet('password1');
  const id = (await worker.paymentRequired('tx-0')).value.awaitingApproval;
  await worker.popup('approvals.decide', { id, approve: true, budgetAtoms: 1_000_000n, maxVoucherAtoms: 100_000n });
  await worker.paymentRequired('tx-0');
  return { worker, client: address as `0x${string}` };
}

function receipt(client: `0x${string}`, cost: bigint, available: bigint): Receipt {
  return {
    vendor: VENDOR,
    client,
    cost,
    nonce: 0n,
    lastNonce: 0n,
    serviceTxRef: 'svc-1',
    usage: { elapsedMs: 10n, bytes: 100n },
    credit: { unspent: 100_000n, unmarked: cost, locked: 0n, cap: 10n ** 9n, available },
  };
}

/** A receipt whose cost its time explains (1 atom a ms at the harness prices), seen by the page as long. */
function fairlyCharged(clientTxRef: string, client: `0x${string}`, cost: bigint, available: bigint): RecordEvent {
  const value = encodeReceiptHeader({ ...receipt(client, cost, available), usage: { elapsedMs: cost, bytes: 0n } });
  return { ...completed(clientTxRef, value), receipt: { source: 'header', value, elapsedMs: Number(cost) } };
}

const request = (url = `${VENDOR_ORIGIN}/api/echo`): RecordRequest => ({
  at: 0,
  method: 'POST',
  url,
  headersSummary: { 'content-type': 'application/json', authorization: 'Bearer secret' },
  bodyHash: 'a'.repeat(64),
  bodySize: 12,
  stream: false,
  protocol: 'mcp',
  operation: 'tools/call',
});

const ok = { status: 200, durationMs: 12, stream: false };

/** What the wrapper sends for a request answered within one batch window: one event. */
function completed(clientTxRef: string, value: string, url?: string): RecordEvent {
  return { clientTxRef, request: request(url), response: ok, receipt: { source: 'header', value, elapsedMs: 12 }, end: {} };
}

function countWrites(worker: Harness) {
  return {
    stateReads: vi.spyOn(worker.voucherState, 'get'),
    createMany: vi.spyOn(worker.transactions, 'createMany'),
    create: vi.spyOn(worker.transactions, 'create'),
    update: vi.spyOn(worker.transactions, 'update'),
    receipts: vi.spyOn(worker.voucherState, 'recordReceipt'),
  };
}

describe('page.records', () => {
  it('writes a batch of answered requests with one createMany and counts their receipts in one update', async () => {
    const { worker, client } = await paidWorker();
    // A first batch: the worker learns the vendor's terms (one read), later batches need none.
    await worker.page('page.records', { events: [completed('r0', encodeReceiptHeader(receipt(client, 1n, 90_000n)))] });
    const writes = countWrites(worker);
    const events = ['r1', 'r2', 'r3'].map((ref, i) => completed(ref, encodeReceiptHeader(receipt(client, 10n + BigInt(i), 90_000n - BigInt(i)))));
    // Credit far above the top-up threshold (2 × 25,000): the page may batch this vendor's receipts longer.
    expect(await worker.page('page.records', { events })).toEqual({
      ok: true,
      value: { vendors: [], receiptPace: [{ vendorOrigin: VENDOR_ORIGIN, prompt: false }] },
    });
    expect(writes.createMany).toHaveBeenCalledTimes(1);
    expect(writes.create).not.toHaveBeenCalled();
    expect(writes.update).not.toHaveBeenCalled();
    expect(writes.receipts).toHaveBeenCalledTimes(1);
    expect(writes.stateReads).not.toHaveBeenCalled();
    expect(await worker.transactions.get('r1')).toMatchObject({
      status: 'paid',
      statusCode: 200,
      durationMs: 12,
      protocol: 'mcp',
      operation: 'tools/call',
      method: 'POST',
      headersSummary: { 'content-type': 'application/json' },
      requestBodyHash: 'a'.repeat(64),
      channelId: VENDOR,
      payment: { cost: 10n, nonce: 0n, serviceTxRef: 'svc-1' },
      meta: { pageOrigin: 'http://127.0.0.1:3000' },
    });
    const [vendor] = (await worker.popup('vendors.list', {})).value;
    expect(vendor.spending.at(-1)?.atoms).toBe(34n);
    expect((await worker.voucherState.list())[0]!.lastCredit!.available).toBe(89_998n);
  });

  it('a batch resent after a worker kill counts its receipts once', async () => {
    const { worker, client } = await paidWorker();
    const batch = { events: [completed('r1', encodeReceiptHeader(receipt(client, 10n, 90_000n)))] };
    await worker.page('page.records', batch);
    worker.restartWorker();
    expect((await worker.page('page.records', batch)).ok).toBe(true);
    const [vendor] = (await worker.popup('vendors.list', {})).value;
    expect(vendor.spending.at(-1)?.atoms).toBe(10n);
    expect(await worker.transactions.get('r1')).toMatchObject({ status: 'paid', payment: { cost: 10n } });
  });

  it('a batch resent after the worker died between writing and counting adds no cost twice; the next receipt tops up', async () => {
    const { worker, client } = await paidWorker();
    const low = { events: [fairlyCharged('r7', client, 95_000n, 5_000n)] };
    vi.spyOn(worker.voucherState, 'recordReceipt').mockRejectedValueOnce(new Error('worker killed'));
    expect((await worker.page('page.records', low)).value.vendors).toEqual([]);
    expect((await worker.transactions.get('r7'))?.status).toBe('paid');
    worker.restartWorker();
    const resent = await worker.page('page.records', low);
    const [state] = await worker.voucherState.list();
    expect(state!.lastCredit!.available).toBe(5_000n);
    expect(state!.series).toEqual([]);
    // Its cost is not counted twice, so not as charged either: the wallet waits for a receipt
    // showing the voucher used before it signs the next (never more than receipts show).
    expect(resent.value.vendors).toEqual([]);
    const next = await worker.page('page.records', { events: [fairlyCharged('r8', client, 1_000n, 4_000n)] });
    expect(next.value.vendors).toEqual([expect.objectContaining({ vendorOrigin: VENDOR_ORIGIN, newestNonce: 1n })]);
  });

  it('mixes new requests with one recorded by the 402 path: every record ends right', async () => {
    const { worker, client } = await paidWorker();
    // tx-0 was created pending with status 402 by page.paymentRequired; its retry was answered.
    const retried: RecordEvent = { clientTxRef: 'tx-0', response: ok, receipt: { source: 'header', value: encodeReceiptHeader(receipt(client, 7n, 90_000n)), elapsedMs: 12 }, end: {} };
    const events = [completed('r1', encodeReceiptHeader(receipt(client, 10n, 90_000n))), retried];
    await worker.page('page.records', { events });
    expect(await worker.transactions.get('tx-0')).toMatchObject({ status: 'paid', statusCode: 200, payment: { cost: 7n } });
    expect(await worker.transactions.get('r1')).toMatchObject({ status: 'paid', payment: { cost: 10n } });
    const [vendor] = (await worker.popup('vendors.list', {})).value;
    expect(vendor.spending.at(-1)?.atoms).toBe(17n);
  });

  it('a stream: pending from its start, paid by the receipt at its end', async () => {
    const { worker, client } = await paidWorker();
    const streamed = { ...request(), stream: true };
    await worker.page('page.records', { events: [{ clientTxRef: 's1', request: streamed, response: { ...ok, stream: true } }] });
    expect(await worker.transactions.get('s1')).toMatchObject({ status: 'pending', stream: true, statusCode: 200 });
    const data = encodeReceiptEvent(receipt(client, 12n, 90_000n)).split('\n')[1]!.slice('data: '.length);
    await worker.page('page.records', { events: [{ clientTxRef: 's1', receipt: { source: 'sse', value: data, elapsedMs: 2_000 } }, { clientTxRef: 's1', end: {} }] });
    expect(await worker.transactions.get('s1')).toMatchObject({ status: 'paid', stream: true, payment: { cost: 12n } });
  });

  it('ends unpaid requests as free, HTTP errors or the page-reported error', async () => {
    const { worker } = await paidWorker();
    await worker.page('page.records', {
      events: [
        { clientTxRef: 'f1', request: request(), response: ok, end: {} },
        { clientTxRef: 'e1', request: request(), response: { ...ok, status: 500 }, end: {} },
        { clientTxRef: 'n1', request: request() },
      ],
    });
    expect((await worker.transactions.get('n1'))?.status).toBe('pending');
    await worker.page('page.records', { events: [{ clientTxRef: 'n1', end: { error: { code: 'network_error', message: 'down' } } }] });
    expect((await worker.transactions.get('f1'))?.status).toBe('free');
    expect(await worker.transactions.get('e1')).toMatchObject({ status: 'error', errorCode: 'http_error', statusCode: 500 });
    expect(await worker.transactions.get('n1')).toMatchObject({ status: 'error', errorCode: 'network_error' });
  });

  it('tops up when credit runs low and returns the new header (SSE receipt)', async () => {
    const { worker, client } = await paidWorker();
    const used = { ...receipt(client, 95_000n, 5_000n), usage: { elapsedMs: 95_000n, bytes: 0n } };
    const data = encodeReceiptEvent(used).split('\n')[1]!.slice('data: '.length);
    const reply = await worker.page('page.records', {
      events: [{ clientTxRef: 'r2', request: request(), receipt: { source: 'sse', value: data, elapsedMs: 95_000 }, end: {} }],
    });
    expect(reply.value.vendors).toEqual([expect.objectContaining({ vendorOrigin: VENDOR_ORIGIN, newestNonce: 1n })]);
    expect(reply.value.receiptPace).toEqual([{ vendorOrigin: VENDOR_ORIGIN, prompt: true }]);
  });

  it('an overcharging receipt stops signing: no top-up, the vendor on hold until the user resumes it', async () => {
    const { worker, client } = await paidWorker();
    // 95,000 atoms for 10 ms: flagged, and credit said to be low; the old worker topped up anyway.
    const over = await worker.page('page.records', { events: [completed('o1', encodeReceiptHeader(receipt(client, 95_000n, 5_000n)))] });
    expect(over.value.vendors).toEqual([]);
    let [vendor] = (await worker.popup('vendors.list', {})).value;
    expect(vendor).toMatchObject({ overchargeSuspected: true, vouchersSigned: 1, hold: { reason: 'overcharge_suspected' } });
    expect(worker.platform.notices).toContainEqual({ channel: 'notice', type: 'vendors.changed' });
    const asked = await worker.paymentRequired('o2', 0n, encodeRequirements(requirements({ nextNonce: 1n })));
    expect(asked).toMatchObject({ ok: false, code: 'overcharge_suspected' });

    vendor = (await worker.popup('vendors.resume', { vendorKey: vendor.vendorKey })).value;
    expect(vendor.hold).toBeUndefined();
    const fair = await worker.page('page.records', { events: [fairlyCharged('o3', client, 5_000n, 5_000n)] });
    expect(fair.value.vendors).toEqual([expect.objectContaining({ vendorOrigin: VENDOR_ORIGIN, newestNonce: 1n })]);
  });

  it('never records unrelated traffic, nor lets another page touch a record', async () => {
    const { worker } = await paidWorker();
    await worker.page('page.records', { events: [{ clientTxRef: 'x1', request: request('https://news.example/feed'), response: ok, end: {} }] });
    expect(await worker.transactions.get('x1')).toBeNull();
    await worker.page('page.records', { events: [{ clientTxRef: 'r3', request: request() }] });
    const evil = pageSender('https://evil.example', 3);
    await worker.page('page.records', { events: [{ clientTxRef: 'r3', end: { error: { code: 'x', message: 'y' } } }] }, evil);
    expect((await worker.transactions.get('r3'))?.status).toBe('pending');
    await worker.page('page.records', { events: [{ clientTxRef: 'r4', request: request() }] }, evil);
    expect(await worker.transactions.get('r4')).toBeNull();
  });

  it('checks the cost against the advertised prices and the time the page measured', async () => {
    const { worker, client } = await paidWorker();
    // 1 atom per ms (harness prices): 10 ms + 100 bytes is worth 11 atoms, at most 15 allowed.
    const fair = encodeReceiptHeader(receipt(client, 15n, 90_000n));
    const over = encodeReceiptHeader(receipt(client, 16n, 90_000n));
    await worker.page('page.records', { events: [completed('fair', fair), completed('over', over)] });
    expect((await worker.transactions.get('fair'))?.meta).not.toHaveProperty('overcharge');
    expect((await worker.transactions.get('over'))?.meta).toMatchObject({ overcharge: true, expectedCost: '11', allowedCost: '15' });
    const [vendor] = (await worker.popup('vendors.list', {})).value;
    expect(vendor.overchargeSuspected).toBe(true);
  });

  it('bounds the vendor\'s byte claim by the content-length the page saw, as the Node payer does', async () => {
    const { worker, client } = await paidWorker();
    // The receipt claims 100 bytes; the body had none: worth 10 atoms, at most 13 allowed.
    const event = completed('short', encodeReceiptHeader(receipt(client, 15n, 90_000n)));
    event.receipt!.bytes = 0;
    expect((await worker.page('page.records', { events: [event] })).ok).toBe(true);
    expect((await worker.transactions.get('short'))?.meta).toMatchObject({ overcharge: true, expectedCost: '10', allowedCost: '13' });
  });

  it('a receipt that cannot be parsed marks the record, without failing the batch', async () => {
    const { worker, client } = await paidWorker();
    const reply = await worker.page('page.records', {
      events: [completed('r5', 'v1.garbage'), completed('r6', encodeReceiptHeader(receipt(client, 10n, 90_000n)))],
    });
    expect(reply.ok).toBe(true);
    expect(await worker.transactions.get('r5')).toMatchObject({ status: 'error', errorCode: 'malformed_receipt' });
    expect((await worker.transactions.get('r6'))?.status).toBe('paid');
  });
});

describe('sweepPending', () => {
  it('turns records left pending past the timeout into interrupted errors, and only those', async () => {
    const { worker } = await paidWorker();
    await worker.page('page.records', { events: [{ clientTxRef: 'old', request: request() }] });
    worker.platform.clock.now += 60_000;
    await worker.page('page.records', { events: [{ clientTxRef: 'young', request: request() }] });
    worker.platform.clock.now += 60_001;
    expect(await sweepPending(worker.services)).toBe(2); // 'old' and the 402 record tx-0
    expect(await worker.transactions.get('old')).toMatchObject({ status: 'error', errorCode: 'interrupted' });
    expect((await worker.transactions.get('young'))?.status).toBe('pending');
  });
});
