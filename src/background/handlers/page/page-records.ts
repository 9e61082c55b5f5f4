import { z } from 'zod';
import { InProcessKeyedLock } from '../../../lib/keyed-lock';
import type { PageHandler } from '../../handler';
import { RecordBatch } from './record-batch';
import { recordEventSchema } from './record-schemas';

// Batches from one frame are applied in order, so a request's end never overtakes its start.
// A cache for ordering only: a new worker starts with an empty queue and loses nothing.
const frames = new InProcessKeyedLock();

/**
 * What happened to a page's requests to its vendors, batched off the request path and coalesced
 * per request by the wrapper. Receipts go to the payer, which may sign a top-up; the fresh header
 * is returned for the wrapper's cache, with how soon the worker wants each vendor's receipts.
 */
export const pageRecords: PageHandler<'page.records'> = {
  input: z.strictObject({ events: z.array(recordEventSchema).max(256) }),
  run({ events }, context, services) {
    return frames.run(`${context.tabId}:${context.frameId}`, () => RecordBatch.apply(events, context.origin, services));
  },
};
