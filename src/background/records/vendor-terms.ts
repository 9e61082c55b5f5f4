import type { Asset, RoutePrices } from '../../protocol';
import type { VendorVoucherState, VoucherStateStore } from '../../payer/voucher-state/types';
import type { VendorApproval } from '../approvals/vendor-approvals';

/** A vendor's advertised prices and asset: what a receipt is checked against and valued in. */
export interface VendorTerms {
  prices?: RoutePrices;
  asset?: Asset;
}

/**
 * A cache of vendor terms per voucher-state store, so a batch of receipts needs no voucher-state
 * read before its records are written. Not authoritative: it decides no payment, only a record's
 * USD value and overcharge flag. A new worker reads the terms once; every receipt count refreshes
 * them from the state it wrote, and a 402 (which may bring new prices) drops them.
 */
const cache = new WeakMap<VoucherStateStore, Map<string, VendorTerms>>();

function termsIn(store: VoucherStateStore): Map<string, VendorTerms> {
  let terms = cache.get(store);
  if (!terms) cache.set(store, (terms = new Map()));
  return terms;
}

export async function vendorTerms(store: VoucherStateStore, approval: VendorApproval): Promise<VendorTerms | null> {
  const known = termsIn(store).get(approval.vendorKeyId);
  if (known) return known;
  const state = await store.get(approval.key);
  if (!state) return null;
  rememberTerms(store, approval.vendorKeyId, state);
  return state;
}

export function rememberTerms(store: VoucherStateStore, vendorKeyId: string, state: VendorVoucherState): void {
  const terms: VendorTerms = {};
  if (state.prices) terms.prices = state.prices;
  if (state.asset) terms.asset = state.asset;
  termsIn(store).set(vendorKeyId, terms);
}

export function forgetTerms(store: VoucherStateStore, vendorKeyId: string): void {
  cache.get(store)?.delete(vendorKeyId);
}
