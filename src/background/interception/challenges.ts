import { InProcessKeyedLock } from '../../lib/keyed-lock';
import type { StorageArea } from '../platform';

export const CHALLENGES_KEY = 'network.challenges';
/** The newest observed 402s kept; older ones are of requests long answered. */
export const MAX_CHALLENGES = 64;
/** A page asks about a 402 right after it arrives: one older than this is not the one it means. */
export const CHALLENGE_TTL_MS = 60_000;
/** How long a page's question waits for the browser's report of its 402 (normally already there). */
export const CHALLENGE_WAIT_MS = 2_000;

/** A protocol 402 (or nonce_conflict 403) the browser saw a page receive (webRequest), never what a page says it got. */
export interface Challenge {
  /** The record key of the request (see observer.ts). */
  ref: string;
  tabId: number;
  /** The exact origin of the document that sent the request. */
  initiator: string;
  url: string;
  method: string;
  at: number;
  /** Newest nonce of the x-voucher header the request carried (our rule's), null for none. */
  sentNewestNonce: bigint | null;
  /** 402, or 403 for a nonce_conflict that shows the vouchers the vendor holds (§5.1). */
  status: number;
  /** The answer's Retry-After header as the browser saw it (§7.1), when it had one. */
  retryAfter?: string;
}

type Stored = Omit<Challenge, 'sentNewestNonce'> & { sentNewestNonce: string | null };

/**
 * The observed 402s, in storage.session so a worker woken by the page's question (after the one
 * that saw the 402 was stopped) still finds them; in-memory waiters only shorten the wait.
 */
export class Challenges {
  private readonly lock = new InProcessKeyedLock();
  private readonly waiters = new Set<() => void>();

  constructor(
    private readonly session: StorageArea,
    private readonly now: () => number,
    private readonly waitMs = CHALLENGE_WAIT_MS,
  ) {}

  async add(challenge: Challenge): Promise<void> {
    await this.lock.run(CHALLENGES_KEY, async () => {
      const kept = (await this.read()).filter((each) => each.ref !== challenge.ref && this.now() - each.at < CHALLENGE_TTL_MS);
      kept.push({ ...challenge, sentNewestNonce: challenge.sentNewestNonce?.toString() ?? null });
      await this.session.set({ [CHALLENGES_KEY]: kept.slice(-MAX_CHALLENGES) });
    });
    for (const wake of [...this.waiters]) wake();
  }

  /**
   * The 402 this page's tab got from `url` (the newest), waiting up to CHALLENGE_WAIT_MS for the
   * browser's report of it; once the wait is over, the newest 402 of that tab and page at all (a
   * page naming another URL than the one that answered is shown the one that did); null when the
   * browser reported none. The fallback waits: a page asking about several vendors' 402s at once
   * asks about some before the browser's report of theirs is stored (Firefox reports after the
   * page has the response), and must not be shown another vendor's 402 meanwhile.
   */
  async find(tabId: number, initiator: string, url: string, waitMs = this.waitMs): Promise<Challenge | null> {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      for (const wake of [...this.waiters]) wake();
    }, waitMs);
    try {
      for (;;) {
        let wake!: () => void;
        const woken = new Promise<void>((resolve) => (wake = resolve));
        this.waiters.add(wake);
        try {
          const found = this.match(await this.read(), tabId, initiator, url, timedOut);
          if (found || timedOut) return found;
          await woken;
        } finally {
          this.waiters.delete(wake);
        }
      }
    } finally {
      clearTimeout(timer);
    }
  }

  /** The newest fresh 402 of this tab and page from `url`; with `anyUrl`, else the newest from anywhere. */
  private match(all: Stored[], tabId: number, initiator: string, url: string, anyUrl: boolean): Challenge | null {
    const fresh = all.filter((each) => each.tabId === tabId && each.initiator === initiator && this.now() - each.at < CHALLENGE_TTL_MS);
    const wanted = withoutHash(url);
    const stored = fresh.filter((each) => withoutHash(each.url) === wanted).at(-1) ?? (anyUrl ? fresh.at(-1) : undefined);
    if (!stored) return null;
    return { ...stored, sentNewestNonce: stored.sentNewestNonce === null ? null : BigInt(stored.sentNewestNonce) };
  }

  private async read(): Promise<Stored[]> {
    return ((await this.session.get(CHALLENGES_KEY))[CHALLENGES_KEY] as Stored[] | undefined) ?? [];
  }
}

function withoutHash(url: string): string {
  const at = url.indexOf('#');
  return at < 0 ? url : url.slice(0, at);
}
