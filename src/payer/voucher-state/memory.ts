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

/**
 * Voucher state in memory, for Node clients and tests. Each method reads and writes synchronously
 * between awaits, so every step is atomic in one process. Callers get copies, never live state.
 */
export class MemoryVoucherStateStore implements VoucherStateStore {
  private readonly states = new Map<string, VendorVoucherState>();

  async get(key: VendorKey): Promise<VendorVoucherState | null> {
    const state = this.states.get(vendorKeyId(key));
    return state ? structuredClone(state) : null;
  }

  async ensure(key: VendorKey, limits: VendorLimits): Promise<VendorVoucherState> {
    const id = vendorKeyId(key);
    if (!this.states.has(id)) this.states.set(id, newVendorState(key, limits));
    return structuredClone(this.states.get(id)!);
  }

  async setLimits(key: VendorKey, limits: Partial<VendorLimits>): Promise<VendorVoucherState> {
    return this.change(key, (state) => withLimitsIn(state, limits));
  }

  async setTerms(key: VendorKey, terms: { prices: RoutePrices; asset: Asset }): Promise<void> {
    this.change(key, (state) => withTermsIn(state, terms));
  }

  async approveTerms(key: VendorKey, terms: { prices: RoutePrices; asset: Asset }): Promise<void> {
    this.change(key, (state) => withApprovedTermsIn(state, terms));
  }

  async setHold(key: VendorKey, hold: VendorHold | null): Promise<void> {
    this.change(key, (state) => withHoldIn(state, hold));
  }

  async reserve(key: VendorKey, request: ReserveRequest): Promise<ReserveResult> {
    let result: ReserveResult | undefined;
    this.change(key, (state) => {
      const next = reserveIn(state, request);
      result = next.result;
      return next.state;
    });
    return structuredClone(result!);
  }

  async storeSignature(key: VendorKey, nonce: bigint, signature: Hex): Promise<void> {
    this.change(key, (state) => storeSignatureIn(state, nonce, signature));
  }

  async recordReceipt(key: VendorKey, update: ReceiptUpdate): Promise<VendorVoucherState> {
    return this.change(key, (state) => recordReceiptIn(state, update));
  }

  async adopt(key: VendorKey, adoption: Adoption): Promise<VendorVoucherState> {
    return this.change(key, (state) => adoptIn(state, adoption));
  }

  async list(): Promise<VendorVoucherState[]> {
    return [...this.states.values()].map((state) => structuredClone(state));
  }

  private change(key: VendorKey, fn: (state: VendorVoucherState) => VendorVoucherState): VendorVoucherState {
    const id = vendorKeyId(key);
    const state = this.states.get(id);
    if (!state) throw new RangeError(`no voucher state for vendor ${key.vendor}`);
    const next = fn(state);
    this.states.set(id, next);
    return structuredClone(next);
  }
}
