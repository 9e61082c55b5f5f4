import { InProcessKeyedLock } from '../../lib/keyed-lock';
import type { StorageArea } from '../platform';

export const OPEN_STREAMS_KEY = 'network.openStreams';
export const MAX_OPEN_STREAMS = 64;

/** An event stream from an approved vendor the browser saw start, waiting for its in-band receipt. */
export interface OpenStream {
  ref: string;
  tabId: number;
  initiator: string;
  url: string;
  at: number;
}

/**
 * Streams whose receipt only the page can see (the last server-sent event). A page relaying one
 * can name only a stream the browser saw its tab open; in storage.session, as streams outlive a
 * worker.
 */
export class OpenStreams {
  private readonly lock = new InProcessKeyedLock();

  constructor(private readonly session: StorageArea) {}

  add(stream: OpenStream): Promise<void> {
    return this.change((all) => [...all.filter((each) => each.ref !== stream.ref), stream].slice(-MAX_OPEN_STREAMS));
  }

  remove(ref: string): Promise<void> {
    return this.change((all) => all.filter((each) => each.ref !== ref));
  }

  /** The oldest open stream of this tab and page to `url`. */
  async find(tabId: number, initiator: string, url: string): Promise<OpenStream | undefined> {
    return (await this.read()).find((each) => each.tabId === tabId && each.initiator === initiator && each.url === url);
  }

  private change(apply: (all: OpenStream[]) => OpenStream[]): Promise<void> {
    return this.lock.run(OPEN_STREAMS_KEY, async () => {
      await this.session.set({ [OPEN_STREAMS_KEY]: apply(await this.read()) });
    });
  }

  private async read(): Promise<OpenStream[]> {
    return ((await this.session.get(OPEN_STREAMS_KEY))[OPEN_STREAMS_KEY] as OpenStream[] | undefined) ?? [];
  }
}
