import { z } from 'zod';
import type { RecordEvent, VendorHeader } from '../../../content/page-api';
import { parseReceiptEventData, parseReceiptHeader, type Receipt } from '../../../protocol';
import { recordError, recordFree, recordPaid, recordResponseHeaders } from '../../../payer/transaction-recorder';
import { getAddress } from 'viem';
import type { PageContext, PageHandler } from '../../handler';
import { KeyedMutex } from '../../mutex';
import type { Services } from '../../services';
import { issuerForPage } from '../../policy/issuer';
import { ownedRecord, quietly, startRecord } from './recording';
import { recordEventSchema } from './record-schemas';
import { vendorHeader } from './vendor-headers';

// Batches from one frame are applied in order, so `headers` never overtakes its `started`.
// A cache for ordering only: a new worker starts with an empty queue and loses nothing.
const frames = new KeyedMutex();

/**
 * Lifecycle events of page requests, batched off the request path. A `started` is accepted
 * only for a vendor approved for this page (a 402 from any other origin is recorded through
 * page.paymentRequired), so unrelated page traffic never enters the log. Receipts go to the
 * payer, which may sign a top-up; the fresh header is returned for the wrapper's cache.
 */
export const pageRecords: PageHandler<'page.records'> = {
  input: z.strictObject({ events: z.array(recordEventSchema).max(256) }),
  run({ events }, context, services) {
    return frames.run(`${context.tabId}:${context.frameId}`, async () => {
      const vendors = new Map<string, VendorHeader>();
      for (const event of events) {
        await quietly(async () => {
          const header = await apply(event, context, services);
          if (header) vendors.set(header.vendorOrigin, header);
        });
      }
      return { vendors: [...vendors.values()] };
    });
  },
};

async function apply(event: RecordEvent, context: PageContext, services: Services): Promise<VendorHeader | null> {
  if (event.kind === 'started') {
    const approved = await services.approvals.approvedFor(context.origin);
    const origin = new URL(event.url).origin;
    if (approved.some((approval) => approval.vendorOrigin === origin)) await startRecord(services, context.origin, event);
    return null;
  }
  const record = await ownedRecord(services, context.origin, event.clientTxRef);
  if (!record) return null;
  const store = services.transactions;
  switch (event.kind) {
    case 'headers':
      await recordResponseHeaders(store, event.clientTxRef, {
        statusCode: event.status,
        durationMs: event.durationMs,
        stream: event.stream,
      });
      return null;
    case 'receipt':
      // A batch resent after a worker died may repeat a receipt: count each payment once.
      if (record.status === 'paid') return null;
      return onReceipt(event, record.urlOrTarget, record.timestamp, context, services);
    case 'finished':
      if (record.status !== 'pending') return null;
      if (record.statusCode !== undefined && record.statusCode >= 400) {
        await recordError(store, event.clientTxRef, { code: 'http_error', message: `HTTP ${record.statusCode}` });
      } else {
        await recordFree(store, event.clientTxRef);
      }
      return null;
    case 'error':
      if (record.status === 'pending') await recordError(store, event.clientTxRef, { code: event.code, message: event.message });
      return null;
  }
}

async function onReceipt(
  event: Extract<RecordEvent, { kind: 'receipt' }>,
  url: string,
  startedAt: number,
  context: PageContext,
  services: Services,
): Promise<VendorHeader | null> {
  let receipt: Receipt;
  try {
    receipt = event.source === 'header' ? parseReceiptHeader(event.value) : parseReceiptEventData(event.value);
  } catch (error) {
    await recordError(services.transactions, event.clientTxRef, { code: 'malformed_receipt', message: String(error) });
    return null;
  }
  const vendorOrigin = new URL(url).origin;
  const client = await services.vault.address();
  const approval = (await services.approvals.approvedFor(context.origin)).find(
    (candidate) =>
      candidate.vendorOrigin === vendorOrigin &&
      candidate.key.vendor === getAddress(receipt.vendor) &&
      client !== undefined &&
      candidate.key.client === client,
  );
  if (!approval) {
    await recordError(services.transactions, event.clientTxRef, {
      code: 'requirements_mismatch',
      message: 'the receipt names a vendor this page is not approved to pay here',
    });
    return null;
  }
  const issuer = await issuerForPage(services, context.origin, vendorOrigin);
  const outcome = await issuer.onReceipt(approval.key, receipt, { elapsedMs: services.platform.now() - startedAt });
  const state = await services.voucherState.get(approval.key);
  await recordPaid(services.transactions, event.clientTxRef, {
    receipt,
    ...(state?.asset ? { asset: state.asset } : {}),
    paidAt: new Date(services.platform.now()),
    overcharge: outcome.overcharge,
  });
  if (outcome.overcharge?.suspected) await services.approvals.flagOvercharge(approval.vendorKeyId);
  return outcome.topUp?.ok ? vendorHeader(services, approval) : null;
}
