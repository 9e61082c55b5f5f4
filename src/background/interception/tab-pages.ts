import { InProcessKeyedLock } from '../../lib/keyed-lock';
import type { StorageArea } from '../platform';

export const TAB_PAGES_KEY = 'network.tabPages';

/**
 * Which page origins have documents in which tab, as our content scripts' senders showed them
 * (the browser's sender record, never a page's word). The worker's header rules are scoped to
 * these tabs. In storage.session: the tabs die with the browser session, and so do these entries.
 */
export class TabPages {
  private readonly lock = new InProcessKeyedLock();

  constructor(private readonly session: StorageArea) {}

  async all(): Promise<Record<string, string[]>> {
    return ((await this.session.get(TAB_PAGES_KEY))[TAB_PAGES_KEY] as Record<string, string[]> | undefined) ?? {};
  }

  /**
   * A document of `origin` started in this tab. A top frame replaces what the tab held (its
   * frames start again and say so); a subframe adds its origin. True when anything changed.
   */
  register(tabId: number, frameId: number, origin: string): Promise<boolean> {
    return this.change((all) => {
      const held = all[tabId] ?? [];
      const next = frameId === 0 ? [origin] : held.includes(origin) ? held : [...held, origin];
      if (sameList(held, next)) return false;
      all[tabId] = next;
      return true;
    });
  }

  /**
   * The tab's top document is going to `url`: origins of the page it leaves no longer apply.
   * Only an origin change clears (a same-origin navigation keeps its frames' origins until they say).
   */
  navigated(tabId: number, url: string): Promise<boolean> {
    let origin: string | null;
    try {
      const parsed = new URL(url);
      origin = parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : null;
    } catch {
      origin = null;
    }
    return this.change((all) => {
      const held = all[tabId];
      if (!held || held[0] === origin) return false;
      if (origin === null) delete all[tabId];
      else all[tabId] = [origin];
      return true;
    });
  }

  remove(tabId: number): Promise<boolean> {
    return this.change((all) => {
      if (!(tabId in all)) return false;
      delete all[tabId];
      return true;
    });
  }

  private change(apply: (all: Record<string, string[]>) => boolean): Promise<boolean> {
    return this.lock.run(TAB_PAGES_KEY, async () => {
      const all = await this.all();
      const changed = apply(all);
      if (changed) await this.session.set({ [TAB_PAGES_KEY]: all });
      return changed;
    });
  }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, index) => item === b[index]);
}
