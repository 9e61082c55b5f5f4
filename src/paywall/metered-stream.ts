/**
 * Counts the bytes of a response body as its consumer takes them, and calls `end` exactly once:
 * when the source is done (its returned bytes are appended as the last chunk: the in-band
 * receipt), or when the consumer cancels or the source fails (the bytes so far are charged, as a
 * disconnected client is charged for what it got). With `cover`, each chunk waits until it is
 * paid for (the running total of bytes with it); when `cover` says no, the chunk is dropped, the
 * source cancelled and the stream ends through `end(bytes, true)`. highWaterMark 0: nothing is read ahead of the
 * consumer, so the count is what was handed on, not what was buffered.
 */
export function meteredStream(
  source: ReadableStream<Uint8Array>,
  end: (bytes: number, finished: boolean) => Promise<Uint8Array | undefined>,
  cover?: (bytes: number) => Promise<boolean>,
): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  let bytes = 0;
  let ended = false;
  // A cancel waits for the chunk being covered, so the charge is never settled while it is raised.
  let covering: Promise<boolean> | undefined;
  const finish = (finished: boolean) => {
    ended = true;
    return end(bytes, finished);
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await reader.read();
        } catch (error) {
          if (!ended) await finish(false).catch(() => undefined);
          controller.error(error);
          return;
        }
        // Cancelled while this read was pending: cancel has charged and ended the stream.
        if (ended) return;
        if (!chunk.done && cover !== undefined) {
          covering = cover(bytes + chunk.value.byteLength);
          let covered: boolean;
          try {
            covered = await covering;
          } catch (error) {
            if (!ended) await finish(false).catch(() => undefined);
            await reader.cancel(error).catch(() => undefined);
            controller.error(error);
            return;
          } finally {
            covering = undefined;
          }
          if (ended) return;
          if (!covered) {
            // Out of credit: this chunk is not sent, the source stops, and the stream ends as if done.
            await reader.cancel('credit used up').catch(() => undefined);
            const last = await finish(true);
            if (last !== undefined) controller.enqueue(last);
            controller.close();
            return;
          }
        }
        if (!chunk.done) {
          bytes += chunk.value.byteLength;
          controller.enqueue(chunk.value);
          return;
        }
        const last = await finish(true);
        if (last !== undefined) controller.enqueue(last);
        controller.close();
      },
      async cancel(reason) {
        try {
          await covering?.catch(() => undefined);
          if (!ended) await finish(false);
        } finally {
          await reader.cancel(reason);
        }
      },
    },
    { highWaterMark: 0 },
  );
}
