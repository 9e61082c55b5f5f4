import { describe, expect, it } from 'vitest';
import { encodeReceiptEvent, encodeReceiptHeader, type Receipt } from '../../../protocol';
import { sweepPending } from '../../sweeper';
import { Harness, VENDOR, VENDOR_ORIGIN, pageSender } from '../../testing/harness';

async function paidWorker() {
  const worker = new Harness();
  const { address } = (await worker.popup('wallet.create', { password: 'password1' })).value;
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

const started = (clientTxRef: string, url = `${VENDOR_ORIGIN}/api/echo`) => ({
  kind: 'started' as const,
  clientTxRef,
  at: 0,
  method: 'POST',
  url,
  headersSummary: { 'content-type': 'application/json' },
  bodyHash: 'a'.repeat(64),
  bodySize: 12,
  stream: false,
  protocol: 'mcp' as const,
  operation: 'tools/call',
});

describe('page.records', () => {
  it('a batch resent after a worker kill counts its receipt once', async () => {
    const { worker, client } = await paidWorker();
    const batch = {
      events: [
        started('r1'),
        { kind: 'headers' as const, clientTxRef: 'r1', status: 200, durationMs: 12, stream: false },
        { kind: 'receipt' as const, clientTxRef: 'r1', source: 'header' as const, value: encodeReceiptHeader(receipt(client, 10n, 90_000n)) },
        { kind: 'finished' as const, clientTxRef: 'r1' },
      ],
    };
    await worker.page('page.records', batch);
    worker.restartWorker();
    expect((await worker.page('page.records', batch)).ok).toBe(true);
    const [vendor] = (await worker.popup('vendors.list', {})).value;
    expect(vendor.spending.at(-1)?.atoms).toBe(10n);
    expect(await worker.transactions.get('r1')).toMatchObject({ status: 'paid', payment: { cost: 10n } });
  });

  it('records an approved vendor request through to paid, from the receipt header', async () => {
    const { worker, client } = await paidWorker();
    const reply = await worker.page('page.records', {
      events: [
        started('r1'),
        { kind: 'headers', clientTxRef: 'r1', status: 200, durationMs: 12, stream: false },
        { kind: 'receipt', clientTxRef: 'r1', source: 'header', value: encodeReceiptHeader(receipt(client, 10n, 90_000n)) },
        { kind: 'finished', clientTxRef: 'r1' },
      ],
    });
    expect(reply).toEqual({ ok: true, value: { vendors: [] } });
    expect(await worker.transactions.get('r1')).toMatchObject({
      status: 'paid',
      statusCode: 200,
      protocol: 'mcp',
      operation: 'tools/call',
      requestBodyHash: 'a'.repeat(64),
      channelId: VENDOR,
      payment: { cost: 10n, nonce: 0n, serviceTxRef: 'svc-1' },
    });
  });

  it('tops up when credit runs low and returns the new header (SSE receipt)', async () => {
    const { worker, client } = await paidWorker();
    const data = encodeReceiptEvent(receipt(client, 95_000n, 5_000n)).split('\n')[1]!.slice('data: '.length);
    const reply = await worker.page('page.records', {
      events: [started('r2'), { kind: 'receipt', clientTxRef: 'r2', source: 'sse', value: data }],
    });
    expect(reply.value.vendors).toEqual([expect.objectContaining({ vendorOrigin: VENDOR_ORIGIN, newestNonce: 1n })]);
  });

  it('never records unrelated traffic, nor lets another page touch a record', async () => {
    const { worker } = await paidWorker();
    await worker.page('page.records', { events: [started('x1', 'https://news.example/feed')] });
    expect(await worker.transactions.get('x1')).toBeNull();
    await worker.page('page.records', { events: [started('r3')] });
    await worker.page('page.records', { events: [{ kind: 'error', clientTxRef: 'r3', code: 'x', message: 'y' }] }, pageSender('https://evil.example', 3));
    expect((await worker.transactions.get('r3'))?.status).toBe('pending');
    await worker.page('page.records', { events: [started('r4')] }, pageSender('https://evil.example', 3));
    expect(await worker.transactions.get('r4')).toBeNull();
  });

  it('a receipt that cannot be parsed marks the record, without failing the batch', async () => {
    const { worker } = await paidWorker();
    const reply = await worker.page('page.records', {
      events: [started('r5'), { kind: 'receipt', clientTxRef: 'r5', source: 'header', value: 'v1.garbage' }],
    });
    expect(reply.ok).toBe(true);
    expect(await worker.transactions.get('r5')).toMatchObject({ status: 'error', errorCode: 'malformed_receipt' });
  });
});

describe('sweepPending', () => {
  it('turns records left pending past the timeout into interrupted errors, and only those', async () => {
    const { worker } = await paidWorker();
    await worker.page('page.records', { events: [started('old')] });
    worker.platform.clock.now += 60_000;
    await worker.page('page.records', { events: [started('young')] });
    worker.platform.clock.now += 60_001;
    expect(await sweepPending(worker.services)).toBe(2); // 'old' and the 402 record tx-0
    expect(await worker.transactions.get('old')).toMatchObject({ status: 'error', errorCode: 'interrupted' });
    expect((await worker.transactions.get('young'))?.status).toBe('pending');
  });
});

