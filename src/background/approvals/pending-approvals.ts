import { fromWire, toWire } from '../../lib/bigint-wire';
import type { PendingApproval } from '../../messaging/popup-api';
import type { VendorKey } from '../../payer/vendor-key';
import type { StorageArea } from '../platform';
import { InProcessKeyedLock } from '../../lib/keyed-lock';
import { WalletError } from '../errors';

export const PENDING_APPROVALS_KEY = 'approvals.pending';

/**
 * `queued`: waits behind another approval of the same page (one window per page at a time).
 * `opening`: its window is being opened (a worker stopped here is reconciled on its next wake).
 * `shown`: its window is open, `windowId` says which; closing it rejects.
 */
export type PendingState = 'queued' | 'opening' | 'shown';

export interface PendingEntry {
  approval: PendingApproval;
  vendorKeyId: string;
  key: VendorKey;
  state: PendingState;
  windowId?: number;
}

/**
 * First 402s from unknown vendors waiting for the user, in storage.session: they outlive a
 * worker kill (the page asks again) but not the browser session, whose pages are gone too.
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
   * The entry for this (vendor, page) or a new one from `create`; `created` says which. The
   * page's cap is checked under the same lock as the insert, so concurrent asks cannot pass it
   * together; a new entry is `opening` when none of its page's entries has a window, else
   * `queued`. A new one is made only while `undecided()` holds under the same lock that `settle`
   * takes, so a decision landing between the caller's check and this call cannot leave a second
   * window open; then the result is null and the caller reads the decision again.
   */
  async findOrAdd(
    vendorKeyId: string,
    pageOrigin: string,
    create: (state: PendingState) => PendingEntry,
    undecided: () => Promise<boolean>,
    maxPerPage: number,
  ): Promise<{ entry: PendingEntry; created: boolean } | null> {
    return this.lock.run(PENDING_APPROVALS_KEY, async () => {
      const all = await this.read();
      const ofPage = Object.values(all).filter((entry) => entry.approval.pageOrigin === pageOrigin);
      const existing = ofPage.find((entry) => entry.vendorKeyId === vendorKeyId);
      if (existing) return { entry: existing, created: false };
      if (ofPage.length >= maxPerPage) throw new WalletError('too_many_approvals', 'this page already has approvals waiting for the user');
      if (!(await undecided())) return null;
      const entry = create(ofPage.some((other) => other.state !== 'queued') ? 'queued' : 'opening');
      all[entry.approval.id] = entry;
      await this.write(all);
      return { entry, created: true };
    });
  }

  /** The page's oldest queued entry becomes `opening` when none of its entries has a window. */
  async promoteNext(pageOrigin: string): Promise<PendingEntry | undefined> {
    return this.lock.run(PENDING_APPROVALS_KEY, async () => {
      const all = await this.read();
      const ofPage = Object.values(all)
        .filter((entry) => entry.approval.pageOrigin === pageOrigin)
        .sort((a, b) => a.approval.createdAt - b.approval.createdAt);
      if (ofPage.some((entry) => entry.state !== 'queued')) return undefined;
      const next = ofPage[0];
      if (!next) return undefined;
      all[next.approval.id] = { ...next, state: 'opening' };
      await this.write(all);
      return all[next.approval.id];
    });
  }

  async setWindow(id: string, windowId: number): Promise<void> {
    await this.lock.run(PENDING_APPROVALS_KEY, async () => {
      const all = await this.read();
      const entry = all[id];
      if (!entry) return;
      all[id] = { ...entry, state: 'shown', windowId };
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
