/**
 * The bytes of the whole-body responses this library built, so a server adapter can write them
 * in one go instead of reading them back through the body stream (a measurable share of a paid
 * request on node:http). Weak: an entry goes with its response.
 */
const wholeBodies = new WeakMap<Response, Uint8Array>();

/** A response over bytes already in hand, remembered for wholeBodyOf. */
export function wholeBodyResponse(body: Uint8Array<ArrayBuffer>, init: ResponseInit): Response {
  const response = new Response(body, init);
  wholeBodies.set(response, body);
  return response;
}

/** The bytes of a response made by wholeBodyResponse, while its body stream is still unread. */
export function wholeBodyOf(response: Response): Uint8Array | undefined {
  return response.bodyUsed ? undefined : wholeBodies.get(response);
}
