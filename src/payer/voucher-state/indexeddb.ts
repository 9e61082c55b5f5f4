import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Hex } from 'viem';
import type { Asset, RoutePrices } from '../../protocol';
import { vendorKeyId, type VendorKey } from '../vendor-key';
import {
  adoptIn,
  newVendorState,
  recordReceiptIn,
  reserveIn,
  storeSignatureIn,
  withApprovedTermsIn,
  withHoldIn,
  withLimitsIn,
  withTermsIn,
} from './transitions';
import type {
  Adoption,
  ReceiptUpdate,
  ReserveRequest,
  ReserveResult,
  VendorHold,
  VendorLimits,
  VendorVoucherState,
  VoucherStateStore,
} from './types';

/** Bigints are stored as they are: IndexedDB's structured clone keeps BigInt values. */
interface VoucherStateDb extends DBSchema {
  vendors: { key: string; value: VendorVoucherState };
}

export const DEFAULT_VOUCHER_STATE_DB = 'voucher-wallet-vouchers';
const DB_VERSION = 1;

/**
 * Voucher state in IndexedDB (the extension's service worker; fake-indexeddb in tests). Each
 * method is one readwrite transaction, so a reservation's budget check, debit and nonce are one
 * commit. A transaction cannot stay open across the async signature; the issuer handles that with
 * reserve → sign → storeSignature under a per-vendor lock.
 */
export class IndexedDbVoucherStateStore implements VoucherStateStore {
  private db: Promise<IDBPDatabase<VoucherStateDb>> | undefined;

  constructor(private readonly dbName: string = DEFAULT_VOUCHER_STATE_DB) {}

  async get(key: VendorKey): Promise<VendorVoucherState | null> {
    return (await (await this.open()).get('vendors', vendorKeyId(key))) ?? null;
  }

  async ensure(key: VendorKey, limits: VendorLimits): Promise<VendorVoucherState> {
    const tx = (await this.open()).transaction('vendors', 'readwrite');
    const existing = await tx.store.get(vendorKeyId(key));
    const state = existing ?? newVendorState(key, limits);
    if (!existing) await tx.store.put(state);
    await tx.done;
    return state;
  }

  async setLimits(key: VendorKey, limits: Partial<VendorLimits>): Promise<VendorVoucherState> {
    return this.change(key, (state) => withLimitsIn(state, limits));
  }

  async setTerms(key: VendorKey, terms: { prices: RoutePrices; asset: Asset }): Promise<void> {
    await this.change(key, (state) => withTermsIn(state, terms));
  }

  async approveTerms(key: VendorKey, terms: { prices: RoutePrices; asset: Asset }): Promise<void> {
    await this.change(key, (state) => withApprovedTermsIn(state, terms));
  }

  async setHold(key: VendorKey, hold: VendorHold | null): Promise<void> {
    await this.change(key, (state) => withHoldIn(state, hold));
  }

  async reserve(key: VendorKey, request: ReserveRequest): Promise<ReserveResult> {
    let result: ReserveResult | undefined;
    await this.change(key, (state) => {
      const next = reserveIn(state, request);
      result = next.result;
      return next.state;
    });
    return result!;
  }

  async storeSignature(key: VendorKey, nonce: bigint, signature: Hex): Promise<void> {
    await this.change(key, (state) => storeSignatureIn(state, nonce, signature));
  }

  async recordReceipt(key: VendorKey, update: ReceiptUpdate): Promise<VendorVoucherState> {
    return this.change(key, (state) => recordReceiptIn(state, update));
  }

  async adopt(key: VendorKey, adoption: Adoption): Promise<VendorVoucherState> {
    return this.change(key, (state) => adoptIn(state, adoption));
  }

  async list(): Promise<VendorVoucherState[]> {
    return (await this.open()).getAll('vendors');
  }

  close(): void {
    void this.db?.then((db) => db.close());
    this.db = undefined;
  }

  /** Read, change and write one vendor in a single readwrite transaction; a throw aborts it. */
  private async change(
    key: VendorKey,
    fn: (state: VendorVoucherState) => VendorVoucherState,
  ): Promise<VendorVoucherState> {
    const tx = (await this.open()).transaction('vendors', 'readwrite');
    try {
      const state = await tx.store.get(vendorKeyId(key));
      if (!state) throw new RangeError(`no voucher state for vendor ${key.vendor}`);
      const next = fn(state);
      if (next !== state) await tx.store.put(next);
      await tx.done;
      return next;
    } catch (error) {
      try {
        tx.abort();
      } catch {
        // Already committed or aborted: nothing was written by this call.
      }
      await tx.done.catch(() => undefined);
      throw error;
    }
  }

  private open(): Promise<IDBPDatabase<VoucherStateDb>> {
    this.db ??= openDB<VoucherStateDb>(this.dbName, DB_VERSION, {
      upgrade(db) {
        db.createObjectStore('vendors', { keyPath: 'id' });
      },
    });
    return this.db;
  }
}
