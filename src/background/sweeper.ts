import { errorChanges } from '../payer/record-model';
import type { Services } from './services';

export const SWEEP_ALARM = 'sweep-pending';
/** A plain request that has not finished in 2 minutes never will: its page or worker is gone. */
export const PENDING_TIMEOUT_MS = 2 * 60_000;
/** Streams may legitimately run long; they get more time before they count as interrupted. */
export const STREAM_PENDING_TIMEOUT_MS = 30 * 60_000;

/** Marks records stuck in `pending` as `error` / `interrupted`, so none stays pending forever. */
export async function sweepPending(services: Services): Promise<number> {
  const now = services.platform.now();
  const { items } = await services.transactions.list(
    { status: 'pending', until: now - PENDING_TIMEOUT_MS },
    { limit: 500 },
  );
  let swept = 0;
  for (const record of items) {
    const timeout = record.stream ? STREAM_PENDING_TIMEOUT_MS : PENDING_TIMEOUT_MS;
    if (now - record.timestamp < timeout) continue;
    await services.transactions.update(
      record.clientTxRef,
      errorChanges({ code: 'interrupted', message: 'the page request ended before its outcome was recorded' }),
    );
    swept++;
  }
  return swept;
}
