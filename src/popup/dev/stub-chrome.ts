import type { PopupEnvelope, PopupRequestType, PopupInput, PopupOutput, WorkerNotice } from '../../messaging/popup-api';
import { fromWire, toWire } from '../../messaging/wire';

export type StubHandlers = {
  [T in PopupRequestType]?: (input: PopupInput<T>) => PopupOutput<T> | Promise<PopupOutput<T>>;
};

/**
 * A stand-in for the slice of `chrome` the popup uses, for the screenshot harness: requests are
 * answered by `handlers` through the same wire codec and reply envelope as the real worker.
 */
export function installStubChrome(handlers: StubHandlers): { notify: (notice: WorkerNotice) => void } {
  const listeners = new Set<(message: unknown) => void>();
  const runtime = {
    async sendMessage(message: unknown) {
      const envelope = fromWire(message) as PopupEnvelope;
      const handler = handlers[envelope.type] as ((input: unknown) => unknown) | undefined;
      if (!handler) return toWire({ ok: false, code: 'not_implemented', message: `${envelope.type} is not stubbed` });
      try {
        return toWire({ ok: true, value: await handler(envelope.input) });
      } catch (error) {
        const code = (error as { code?: string }).code ?? 'failed';
        return toWire({ ok: false, code, message: error instanceof Error ? error.message : String(error) });
      }
    },
    onMessage: {
      addListener: (listener: (message: unknown) => void) => listeners.add(listener),
      removeListener: (listener: (message: unknown) => void) => listeners.delete(listener),
    },
  };
  (globalThis as { chrome?: unknown }).chrome = { runtime };
  return { notify: (notice) => listeners.forEach((listener) => listener(toWire(notice))) };
}
