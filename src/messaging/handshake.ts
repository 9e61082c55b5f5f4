import type { Reply } from './reply';

/**
 * Names of the one-time port handoff between the isolated bridge and the MAIN-world wrapper.
 * Both scripts run at document_start, before any page script: whichever runs second completes
 * the handoff synchronously (dispatchEvent runs listeners inline), so no page listener exists
 * yet to see the port. Afterwards both sides ignore these events.
 */
export const PORT_EVENT = 'voucher-wallet:port';
export const READY_EVENT = 'voucher-wallet:ready';

/** What the wrapper posts on the port, and what comes back. */
export interface PortRequest {
  id: number;
  type: string;
  input: unknown;
}
export interface PortReply {
  id: number;
  reply: Reply<unknown>;
}
