import { createSseReceiptFilter } from './sse-receipt-filter';

export interface StreamBodyHooks {
  /** The receipt event's data and the vendor's signature of it (§7.6), as soon as the event is complete. */
  onReceipt(data: string, signature: string | null): void;
  /** The stream ended; `bytes` passed to the reader (receipt event excluded). */
  onEnd(bytes: number): Promise<void>;
  /** The stream failed, or the reader cancelled it (`cancelled`). */
  onFailure(reason: unknown, cancelled: boolean): Promise<void>;
}

/**
 * A server-sent-event body, receipt removed, whose end, failure or cancellation reaches the hooks
 * before the reader sees it: a reader that got `done` finds the transaction already final.
 */
export function streamBodyWithReceipt(body: ReadableStream<Uint8Array>, hooks: StreamBodyHooks): ReadableStream<Uint8Array> {
  const reader = body.pipeThrough(createSseReceiptFilter(hooks.onReceipt)).getReader();
  let bytes = 0;
  let finished = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (error) {
        finished = true;
        await hooks.onFailure(error, false);
        controller.error(error);
        return;
      }
      if (chunk.done) {
        finished = true;
        await hooks.onEnd(bytes);
        controller.close();
        return;
      }
      bytes += chunk.value.byteLength;
      controller.enqueue(chunk.value);
    },
    async cancel(reason) {
      if (finished) return;
      finished = true;
      await reader.cancel(reason).catch(() => undefined);
      await hooks.onFailure(reason, true);
    },
  });
}
