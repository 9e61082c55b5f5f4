/**
 * Told once how many bytes of a charged whole body were handed to the connection: all of them,
 * or fewer when the client went away first (the paywall then credits back the rest).
 */
export type DeliveryReport = (written: number) => Promise<void>;

/** What a server adapter writes for a whole-body response: the bytes, and whom to tell how far it got. */
export interface WholeBody {
  bytes: Uint8Array;
  /** Present on a charged body: call it once, with the bytes written, when the write ends or is cut. */
  delivered?: DeliveryReport;
}

/** A charged body goes out in pieces of this size, so an abort leaves the rest unwritten and countable. */
export const DELIVERY_CHUNK_BYTES = 64 * 1024;

/**
 * The bytes of the whole-body responses this library built, so a server adapter can write them
 * in one go instead of reading them back through the body stream (a measurable share of a paid
 * request on node:http). Weak: an entry goes with its response.
 */
const wholeBodies = new WeakMap<Response, WholeBody>();

/**
 * A response over bytes already in hand, remembered for wholeBodyOf. With `delivered` (a charged
 * answer), its body stream hands the bytes on in DELIVERY_CHUNK_BYTES pieces as its consumer pulls
 * them and reports once: the whole length when read to the end, the bytes handed on so far when
 * cancelled. An adapter that writes wholeBodyOf's bytes itself reports through the same call.
 */
export function wholeBodyResponse(body: Uint8Array<ArrayBuffer>, init: ResponseInit, delivered?: DeliveryReport): Response {
  if (delivered === undefined) {
    const response = new Response(body, init);
    wholeBodies.set(response, { bytes: body });
    return response;
  }
  let reported: Promise<void> | undefined;
  const report = (written: number) => (reported ??= delivered(written));
  let offset = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (offset >= body.byteLength) {
          controller.close();
          return report(offset);
        }
        const end = Math.min(offset + DELIVERY_CHUNK_BYTES, body.byteLength);
        controller.enqueue(body.subarray(offset, end));
        offset = end;
        return undefined;
      },
      cancel: () => report(offset),
    },
    // Nothing is read ahead of the consumer, so `offset` is what it took.
    { highWaterMark: 0 },
  );
  const response = new Response(stream, init);
  wholeBodies.set(response, { bytes: body, delivered: report });
  return response;
}

/** The body of a response made by wholeBodyResponse, while its body stream is still unread. */
export function wholeBodyOf(response: Response): WholeBody | undefined {
  return response.bodyUsed ? undefined : wholeBodies.get(response);
}
