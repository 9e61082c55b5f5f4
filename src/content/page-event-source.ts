// MAIN world: EventSource to a vendor not yet approved asks for approval and connects again.
import { RECEIPT_EVENT } from '../protocol/constants';
import type { PagePayer } from './page-payer';

/**
 * An EventSource whose failed first connection may be a 402: the worker is asked (it knows from
 * the browser whether it was, and reads the vendor's terms itself, since EventSource shows no
 * body); once approved, a new connection is opened, which the header rule pays. Meanwhile the
 * page sees readyState CONNECTING and no error, as if the browser were retrying; when the worker
 * pays nothing it sees the original error and CLOSED. Events of the types it listens for are
 * passed on; the in-band receipt event is taken out and relayed to the worker (as data only:
 * EventSource drops the signature field, so such a receipt is recorded but not counted).
 */
export function pagingEventSourceClass(Native: typeof EventSource, payer: PagePayer): typeof EventSource {
  class PagingEventSource extends EventTarget {
    static readonly CONNECTING = 0;
    static readonly OPEN = 1;
    static readonly CLOSED = 2;
    readonly CONNECTING = 0;
    readonly OPEN = 1;
    readonly CLOSED = 2;
    readonly url: string;
    readonly withCredentials: boolean;
    #inner: EventSource;
    #closed = false;
    #retried = false;
    #waiting = false;
    #types = new Set<string>();

    constructor(url: string | URL, init?: EventSourceInit) {
      super();
      this.#inner = new Native(url, init);
      this.url = this.#inner.url;
      this.withCredentials = this.#inner.withCredentials;
      this.#attach();
    }

    get readyState(): number {
      return this.#closed ? 2 : this.#waiting ? 0 : this.#inner.readyState;
    }

    close(): void {
      this.#closed = true;
      this.#inner.close();
    }

    override addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void {
      this.#listen(type);
      super.addEventListener(type, listener, options);
    }

    #listen(type: string): void {
      if (this.#types.has(type) || type === 'open' || type === 'error' || type === RECEIPT_EVENT) return;
      this.#types.add(type);
      this.#inner.addEventListener(type, (event) => this.#pass(event));
    }

    #pass(event: Event): void {
      const message = event as MessageEvent;
      this.dispatchEvent(new MessageEvent(event.type, { data: message.data, origin: message.origin, lastEventId: message.lastEventId }));
    }

    #attach(): void {
      const inner = this.#inner;
      for (const type of this.#types) inner.addEventListener(type, (event) => this.#pass(event));
      this.#types.add('message');
      inner.addEventListener('message', (event) => this.#pass(event));
      inner.addEventListener('open', () => this.dispatchEvent(new Event('open')));
      inner.addEventListener(RECEIPT_EVENT, (event) =>
        void payer.relayReceipt(inner.url, (event as MessageEvent<string>).data, null),
      );
      inner.addEventListener('error', () => void this.#failed(inner));
    }

    async #failed(inner: EventSource): Promise<void> {
      // A connection that never opened (an HTTP error status) is CLOSED at once; anything else is
      // the browser reconnecting by itself.
      if (inner.readyState !== 2 || this.#retried || this.#closed) {
        this.dispatchEvent(new Event('error'));
        return;
      }
      this.#retried = true;
      this.#waiting = true;
      const { retry: paid } = await payer.pay(this.url, null);
      this.#waiting = false;
      if (paid) {
        if (this.#closed) return;
        this.#inner = new Native(this.url, { withCredentials: this.withCredentials });
        this.#attach();
        return;
      }
      this.dispatchEvent(new Event('error'));
    }
  }
  for (const name of ['onopen', 'onmessage', 'onerror'] as const) {
    Object.defineProperty(PagingEventSource.prototype, name, {
      get(this: object) {
        return handlersOf(this)[name] ?? null;
      },
      set(this: EventTarget, handler: ((event: Event) => unknown) | null) {
        const handlers = handlersOf(this);
        const type = name.slice(2);
        if (!handlers[name]) this.addEventListener(type, (event) => (handlers[name] as ((event: Event) => unknown) | null)?.call(this, event));
        handlers[name] = typeof handler === 'function' ? handler : null;
      },
    });
  }
  return PagingEventSource as unknown as typeof EventSource;
}

const handlerTables = new WeakMap<object, Record<string, unknown>>();
function handlersOf(target: object): Record<string, unknown> {
  let table = handlerTables.get(target);
  if (!table) handlerTables.set(target, (table = {}));
  return table;
}
