import type { ReplyErrorCode } from './error-codes';

/** Every request between contexts is answered with one of these. */
export type Reply<T> = { ok: true; value: T } | { ok: false; code: ReplyErrorCode; message: string };

export class MessageError extends Error {
  override readonly name = 'MessageError';
  constructor(
    readonly code: ReplyErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function unwrapReply<T>(reply: Reply<T> | undefined): T {
  if (reply === undefined) throw new MessageError('no_reply', 'the wallet did not answer');
  if (!reply.ok) throw new MessageError(reply.code, reply.message);
  return reply.value;
}
