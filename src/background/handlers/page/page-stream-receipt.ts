import { getAddress } from 'viem';
import { z } from 'zod';
import { MAX_RECEIPT_LENGTH, isReceiptSignedBy, parseReceiptEventData } from '../../../protocol';
import type { PageHandler } from '../../handler';
import { syncRules } from '../../interception/header-rules';
import { countObserved } from '../../interception/observer';
import { RecordBatch } from '../../records/record-batch';
import { httpUrl } from '../schemas';

/**
 * A stream's in-band receipt, relayed by the page (the only one that sees it). It names a stream
 * only through what the browser saw: the oldest open stream of this tab's page to `url`. Its
 * record is ended with it; it counts in the voucher state (and may top up) only when the vendor
 * signed it with the key of the approved vendor's address. A page cannot forge one that counts,
 * and an unsigned one only writes the cost into the record of its own stream.
 */
export const pageStreamReceipt: PageHandler<'page.streamReceipt'> = {
  input: z.strictObject({
    url: httpUrl,
    data: z.string().max(MAX_RECEIPT_LENGTH),
    signature: z.string().max(256).nullable(),
  }),
  async run(input, context, services) {
    // The stream's start may still be in the observer's current batch.
    await countObserved(services);
    const stream = await services.openStreams.find(context.tabId, context.origin, input.url);
    if (!stream) return {};
    let vendor;
    try {
      vendor = getAddress(parseReceiptEventData(input.data).vendor);
    } catch {
      vendor = null;
    }
    const approved = vendor && (await services.approvals.approvedFor(context.origin)).find(
      (approval) => approval.key.vendor === vendor && approval.vendorOrigin === new URL(stream.url).origin,
    );
    const signed = !!approved && input.signature !== null && isReceiptSignedBy(input.data, input.signature, approved.key.vendor);
    await services.openStreams.remove(stream.ref);
    const elapsedMs = Math.max(0, services.platform.now() - stream.at);
    const { toppedUp } = await RecordBatch.apply(
      [{ clientTxRef: stream.ref, receipt: { source: 'sse', value: input.data, elapsedMs }, end: {} }],
      context.origin,
      services,
      { count: signed },
    );
    if (toppedUp) await syncRules(services);
    return {};
  },
};
