import { fromWire, toWire } from '../../lib/bigint-wire';
import type { VendorKey } from '../../payer/vendor-key';
import type { StorageArea } from '../platform';
import { InProcessKeyedLock } from '../../lib/keyed-lock';

export const VENDOR_APPROVALS_KEY = 'vendorApprovals';

/** What the user decided about one vendor, per page origin. */
export interface VendorApproval {
  vendorKeyId: string;
  key: VendorKey;
  /** Where the vendor serves from; its x-voucher header is attached only to this origin. */
  vendorOrigin: string;
  approvedOrigins: string[];
  /** Origins the user said no for: not asked again until revoked. */
  rejectedOrigins: string[];
  overchargeSuspected: boolean;
}

export type Decision = 'approved' | 'rejected' | 'unknown';

/** Approvals live in storage.local: they are the user's standing decisions. */
export class VendorApprovals {
  private readonly lock = new InProcessKeyedLock();

  constructor(private readonly local: StorageArea) {}

  async all(): Promise<VendorApproval[]> {
    return Object.values(await this.read());
  }

  async get(vendorKeyId: string): Promise<VendorApproval | undefined> {
    return (await this.read())[vendorKeyId];
  }

  /**
   * The decision for a vendor asked for by a page. An approval binds the vendor's origin too: the
   * same vendor address answering from another origin is a different thing to approve.
   */
  async decision(vendorKeyId: string, vendorOrigin: string, pageOrigin: string): Promise<Decision> {
    const approval = (await this.read())[vendorKeyId];
    if (!approval) return 'unknown';
    if (approval.rejectedOrigins.includes(pageOrigin)) return 'rejected';
    if (approval.vendorOrigin === vendorOrigin && approval.approvedOrigins.includes(pageOrigin)) return 'approved';
    return 'unknown';
  }

  /** Approved vendors for a page, by vendor origin. */
  async approvedFor(pageOrigin: string): Promise<VendorApproval[]> {
    return (await this.all()).filter((approval) => approval.approvedOrigins.includes(pageOrigin));
  }

  async approve(key: VendorKey, vendorKeyId: string, vendorOrigin: string, pageOrigin: string): Promise<void> {
    await this.modify(vendorKeyId, key, vendorOrigin, (approval) => ({
      ...approval,
      // Approving from a new vendor origin moves the vendor there: the old origins no longer apply.
      approvedOrigins:
        approval.vendorOrigin === vendorOrigin ? addOnce(approval.approvedOrigins, pageOrigin) : [pageOrigin],
      vendorOrigin,
      rejectedOrigins: approval.rejectedOrigins.filter((origin) => origin !== pageOrigin),
    }));
  }

  async reject(key: VendorKey, vendorKeyId: string, vendorOrigin: string, pageOrigin: string): Promise<void> {
    await this.modify(vendorKeyId, key, vendorOrigin, (approval) => ({
      ...approval,
      approvedOrigins: approval.approvedOrigins.filter((origin) => origin !== pageOrigin),
      rejectedOrigins: addOnce(approval.rejectedOrigins, pageOrigin),
    }));
  }

  /** Forgets approvals and rejections for one page origin, or for all of them. Returns false when unknown. */
  async revoke(vendorKeyId: string, origin?: string): Promise<boolean> {
    return this.lock.run(VENDOR_APPROVALS_KEY, async () => {
      const all = await this.read();
      const approval = all[vendorKeyId];
      if (!approval) return false;
      const keep = (list: string[]) => (origin === undefined ? [] : list.filter((item) => item !== origin));
      all[vendorKeyId] = {
        ...approval,
        approvedOrigins: keep(approval.approvedOrigins),
        rejectedOrigins: keep(approval.rejectedOrigins),
      };
      await this.write(all);
      return true;
    });
  }

  async flagOvercharge(vendorKeyId: string): Promise<void> {
    await this.lock.run(VENDOR_APPROVALS_KEY, async () => {
      const all = await this.read();
      const approval = all[vendorKeyId];
      if (!approval || approval.overchargeSuspected) return;
      all[vendorKeyId] = { ...approval, overchargeSuspected: true };
      await this.write(all);
    });
  }

  private modify(
    vendorKeyId: string,
    key: VendorKey,
    vendorOrigin: string,
    change: (approval: VendorApproval) => VendorApproval,
  ): Promise<void> {
    return this.lock.run(VENDOR_APPROVALS_KEY, async () => {
      const all = await this.read();
      const current = all[vendorKeyId] ?? {
        vendorKeyId,
        key,
        vendorOrigin,
        approvedOrigins: [],
        rejectedOrigins: [],
        overchargeSuspected: false,
      };
      all[vendorKeyId] = change(current);
      await this.write(all);
    });
  }

  private async read(): Promise<Record<string, VendorApproval>> {
    const stored = (await this.local.get(VENDOR_APPROVALS_KEY))[VENDOR_APPROVALS_KEY];
    return (fromWire(stored ?? {}) as Record<string, VendorApproval>) ?? {};
  }

  private async write(all: Record<string, VendorApproval>): Promise<void> {
    await this.local.set({ [VENDOR_APPROVALS_KEY]: toWire(all) });
  }
}

function addOnce(list: string[], item: string): string[] {
  return list.includes(item) ? list : [...list, item];
}
