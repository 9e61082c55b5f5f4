import browser from 'webextension-polyfill';
import { MessageError, unwrapReply, type Reply } from './reply';
import { fromWire, toWire } from '../lib/bigint-wire';
import type { PopupEnvelope, PopupInput, PopupOutput, PopupRequestType } from './popup-api';

/** Sends one typed request from an extension page to the service worker. Throws MessageError. */
export async function sendToWorker<T extends PopupRequestType>(
  type: T,
  input: PopupInput<T>,
): Promise<PopupOutput<T>> {
  const envelope: PopupEnvelope<T> = { channel: 'popup', type, input };
  let reply: unknown;
  try {
    reply = await browser.runtime.sendMessage(toWire(envelope));
  } catch (error) {
    throw new MessageError('worker_unreachable', error instanceof Error ? error.message : String(error));
  }
  return unwrapReply(fromWire(reply) as Reply<PopupOutput<T>> | undefined);
}
