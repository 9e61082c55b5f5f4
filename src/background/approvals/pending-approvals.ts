import { fromWire, toWire } from '../../lib/bigint-wire';
import type { PendingApproval } from '../../messaging/popup-api';
import type { VendorKey } from '../../payer/vendor-key';
import type { StorageArea } from '../platform';
import { InProcessKeyedLock } from '../../lib/keyed-lock';

export const PENDING_APPROVALS_KEY = 'approvals.pending';

export interface PendingEntry {
  approval: PendingApproval;
  vendorKeyId: string;
  key: VendorKey;
  windowId?: number;
}

/**
 * First 402s from unknown vendors waiting for the user, in storage.session: they outlive a
 * worker kill (the page keeps polling) but not the browser session, whose pages are gone too.
 */
export class PendingApprovals {
  private readonly lock = new InProcessKeyedLock();

  constructor(private readonly session: StorageArea) {}

  async list(): Promise<PendingEntry[]> {
    return Object.values(await this.read()).sort((a, b) => a.approval.createdAt - b.approval.createdAt);
  }

  async get(id: string): Promise<PendingEntry | undefined> {
    return (await this.read())[id];
  }

  /**
   * The entry for this (vendor, page) or a new one from `create`; `created` says which. A new
   * one is made only while `undecided()` holds under the same lock that `settle` takes, so a
   * decision landing between the caller's check and this call cannot leave a second window open;
   * then the result is null and the caller reads the decision again.
   */
  async findOrAdd(
    vendorKeyId: string,
    pageOrigin: string,
    create: () => PendingEntry,
    undecided: () => Promise<boolean>,
  ): Promise<{ entry: PendingEntry; created: boolean } | null> {
    return this.lock.run(PENDING_APPROVALS_KEY, async () => {
      const all = await this.read();
      const existing = Object.values(all).find(
        (entry) => entry.vendorKeyId === vendorKeyId && entry.approval.pageOrigin === pageOrigin,
      );
      if (existing) return { entry: existing, created: false };
      if (!(await undecided())) return null;
      const entry = create();
      all[entry.approval.id] = entry;
      await this.write(all);
      return { entry, created: true };
    });
  }

  async setWindow(id: string, windowId: number): Promise<void> {
    await this.lock.run(PENDING_APPROVALS_KEY, async () => {
      const all = await this.read();
      const entry = all[id];
      if (!entry) return;
      all[id] = { ...entry, windowId };
      await this.write(all);
    });
  }

  /**
   * Removes the entry and records its decision with `decide` under one lock, so exactly one
   * caller decides it and no findOrAdd sees it gone before the decision is stored.
   */
  async settle(id: string, decide: (entry: PendingEntry) => Promise<void>): Promise<PendingEntry | undefined> {
    return this.lock.run(PENDING_APPROVALS_KEY, async () => {
      const all = await this.read();
      const entry = all[id];
      if (!entry) return undefined;
      delete all[id];
      await this.write(all);
      await decide(entry);
      return entry;
    });
  }

  async byWindow(windowId: number): Promise<PendingEntry | undefined> {
    return (await this.list()).find((entry) => entry.windowId === windowId);
  }

  private async read(): Promise<Record<string, PendingEntry>> {
    const stored = (await this.session.get(PENDING_APPROVALS_KEY))[PENDING_APPROVALS_KEY];
    return (fromWire(stored ?? {}) as Record<string, PendingEntry>) ?? {};
  }

  private async write(all: Record<string, PendingEntry>): Promise<void> {
    await this.session.set({ [PENDING_APPROVALS_KEY]: toWire(all) });
  }
}
