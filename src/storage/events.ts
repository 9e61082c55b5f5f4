import type { TransactionEvent } from './interfaces/TransactionStore';
import { assertValidRecord } from './record';

export const DEFAULT_CHANNEL_NAME = 'voucher-wallet-transactions';
export const DEFAULT_FLUSH_DELAY_MS = 16;

const ENVELOPE_KIND = 'voucher-wallet/transaction-events';
const ENVELOPE_VERSION = 1;

interface Envelope {
  kind: typeof ENVELOPE_KIND;
  version: typeof ENVELOPE_VERSION;
  events: TransactionEvent[];
}

export interface TransactionEventHubOptions {
  /** BroadcastChannel that carries events to stores in other contexts (popup ↔ worker); null: this context only. */
  channelName?: string | null;
  /** Events emitted within this window go out as one batch; 0 batches per microtask. */
  flushDelayMs?: number;
}

type Subscriber = (event: TransactionEvent) => void;

/**
 * Delivers a store's events to its subscribers here and, through a BroadcastChannel, to the
 * subscribers of every other store instance on the same channel name (a BroadcastChannel never
 * echoes to its own sender, so nothing arrives twice). Events are coalesced: a burst of writes
 * costs one postMessage, and every event still arrives, in emission order.
 *
 * Records cross the channel by structured clone, which keeps bigint (PaymentSnapshot cost,
 * costUsd, nonce) in browsers and Node, so no explicit bigint encoding is needed; the tests check
 * the round trip. Incoming batches are validated like any other input from another context.
 */
export class TransactionEventHub {
  private readonly subscribers = new Set<Subscriber>();
  private readonly channel: BroadcastChannel | null;
  private readonly flushDelayMs: number;
  private queue: TransactionEvent[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private microtaskPending = false;
  private closed = false;

  constructor(options: TransactionEventHubOptions = {}) {
    this.flushDelayMs = options.flushDelayMs ?? DEFAULT_FLUSH_DELAY_MS;
    const name = options.channelName ?? null;
    this.channel = name !== null && typeof BroadcastChannel === 'function' ? new BroadcastChannel(name) : null;
    if (this.channel) {
      this.channel.addEventListener('message', (e) => this.receive((e as MessageEvent).data));
      // Node only: an open channel would otherwise keep a CLI or benchmark process alive.
      (this.channel as { unref?: () => void }).unref?.();
    }
  }

  subscribe(cb: Subscriber): () => void {
    this.subscribers.add(cb);
    return () => void this.subscribers.delete(cb);
  }

  emit(events: readonly TransactionEvent[]): void {
    if (this.closed || events.length === 0) return;
    this.queue.push(...events);
    if (this.timer !== null || this.microtaskPending) return;
    if (this.flushDelayMs <= 0) {
      this.microtaskPending = true;
      queueMicrotask(() => {
        this.microtaskPending = false;
        this.flush();
      });
    } else {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.flush();
      }, this.flushDelayMs);
    }
  }

  /** Sends everything queued now; also called by close() so no event is lost on shutdown. */
  flush(): void {
    const events = this.queue;
    if (events.length === 0) return;
    this.queue = [];
    if (this.channel) {
      const envelope: Envelope = { kind: ENVELOPE_KIND, version: ENVELOPE_VERSION, events };
      try {
        this.channel.postMessage(envelope);
      } catch (error) {
        console.error('transaction store: could not broadcast events', error);
      }
    }
    this.deliver(events);
  }

  close(): void {
    if (this.closed) return;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.flush();
    this.closed = true;
    this.channel?.close();
    this.subscribers.clear();
  }

  private receive(data: unknown): void {
    if (this.closed) return;
    const events = parseEnvelope(data);
    if (events) this.deliver(events);
    else console.warn('transaction store: ignored a malformed event batch from another context');
  }

  private deliver(events: readonly TransactionEvent[]): void {
    const subscribers = [...this.subscribers];
    for (const event of events) {
      for (const cb of subscribers) {
        // Re-check: a subscriber may unsubscribe another one during this batch.
        if (!this.subscribers.has(cb)) continue;
        try {
          cb(event);
        } catch (error) {
          // One faulty listener must not starve the others of events.
          console.error('transaction store: subscriber threw', error);
        }
      }
    }
  }
}

function parseEnvelope(data: unknown): TransactionEvent[] | null {
  if (typeof data !== 'object' || data === null) return null;
  const envelope = data as Partial<Envelope>;
  if (envelope.kind !== ENVELOPE_KIND || envelope.version !== ENVELOPE_VERSION || !Array.isArray(envelope.events)) return null;
  for (const event of envelope.events as unknown[]) {
    if (typeof event !== 'object' || event === null) return null;
    const { type, record } = event as { type?: unknown; record?: unknown };
    if (type === 'cleared') continue;
    if (type !== 'created' && type !== 'updated') return null;
    try {
      assertValidRecord(record);
    } catch {
      return null;
    }
  }
  return envelope.events;
}
