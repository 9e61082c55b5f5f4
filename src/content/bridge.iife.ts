import browser from 'webextension-polyfill';
import { fromWire, toWire } from '../lib/bigint-wire';
import { PORT_EVENT, READY_EVENT, type PortReply, type PortRequest } from '../messaging/handshake';
import { isPageRequestType } from '../messaging/page-api';

/**
 * Isolated-world relay between the page's fetch wrapper and the worker. It trusts nothing the
 * page world sends: the worker decides with the page origin from the browser's sender record.
 * It listens to no window messages; the only channel is the port handed over exactly once.
 */
const channel = new MessageChannel();
let handedOver = false;

function handOver(): void {
  if (handedOver) return;
  // The wrapper cancels the event when it takes the port; an uncancelled one found no wrapper yet.
  const taken = !window.dispatchEvent(new MessageEvent(PORT_EVENT, { ports: [channel.port2], cancelable: true }));
  if (!taken) return;
  handedOver = true;
  window.removeEventListener(READY_EVENT, handOver);
}

channel.port1.onmessage = (event: MessageEvent<PortRequest>) => {
  const { id, type, input } = event.data ?? ({} as PortRequest);
  if (typeof id !== 'number' || !isPageRequestType(type)) return;
  const answer = (reply: PortReply['reply']) => channel.port1.postMessage({ id, reply } satisfies PortReply);
  browser.runtime.sendMessage(toWire({ channel: 'page', type, input })).then(
    (reply) => answer((fromWire(reply) as PortReply['reply'] | undefined) ?? { ok: false, code: 'no_reply', message: 'no reply' }),
    (error) => answer({ ok: false, code: 'worker_unreachable', message: String(error) }),
  );
};

window.addEventListener(READY_EVENT, handOver);
handOver();
