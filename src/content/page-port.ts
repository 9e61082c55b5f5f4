import { PORT_EVENT, READY_EVENT, type PortReply, type PortRequest } from '../messaging/handshake';
import type { PageInput, PageOutput, PageRequestType } from '../messaging/page-api';
import type { Reply } from '../messaging/reply';

/** The MAIN world's side of the private port to the isolated bridge, and through it the worker. */
export interface WorkerBridge {
  /** One request; `no_bridge` while no port has arrived. */
  ask<T extends PageRequestType>(type: T, input: PageInput<T>): Promise<Reply<PageOutput<T>>>;
  /** Runs `listener` once the port has arrived (at once when it already has). */
  onConnect(listener: () => void): void;
}

/**
 * Takes the port the bridge offers (the one-time handshake of messaging/handshake.ts) and says
 * this side is ready, so whichever script runs second completes the handoff.
 */
export function connectPagePort(target: EventTarget): WorkerBridge {
  let port: MessagePort | undefined;
  let nextId = 0;
  const waiting = new Map<number, (reply: Reply<unknown>) => void>();
  const connected: (() => void)[] = [];

  function takePort(event: Event): void {
    const offered = (event as MessageEvent).ports?.[0];
    if (port || !offered) return;
    event.preventDefault();
    port = offered;
    target.removeEventListener(PORT_EVENT, takePort);
    port.onmessage = ({ data }: MessageEvent<PortReply>) => {
      waiting.get(data.id)?.(data.reply);
      waiting.delete(data.id);
    };
    for (const listener of connected.splice(0)) listener();
  }
  target.addEventListener(PORT_EVENT, takePort);
  target.dispatchEvent(new Event(READY_EVENT));

  return {
    ask(type, input) {
      const open = port;
      if (!open) return Promise.resolve({ ok: false, code: 'no_bridge', message: 'no wallet bridge' });
      const id = nextId++;
      return new Promise((resolve) => {
        waiting.set(id, resolve as (reply: Reply<unknown>) => void);
        open.postMessage({ id, type, input } satisfies PortRequest);
      });
    },
    onConnect(listener) {
      if (port) listener();
      else connected.push(listener);
    },
  };
}
