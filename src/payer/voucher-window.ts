import { MAX_VOUCHERS_PER_HEADER, type SignedVoucher } from '../protocol';
import type { VendorVoucherState, VoucherEntry } from './voucher-state/types';

/**
 * Which stored vouchers a request carries. The vendor inserts header vouchers in nonce order and
 * needs them contiguous from what it already holds, so a window starts at the oldest voucher the
 * vendor may lack and runs contiguously for at most 16. When more than 16 are unacknowledged the
 * oldest 16 go first: the vendor can always accept those, and its next receipt moves the window.
 */
export function currentWindow(state: VendorVoucherState): SignedVoucher[] {
  const signed = signedEntries(state);
  const acked = state.ackedNonce;
  const unacked = acked === null ? signed : signed.filter((entry) => entry.nonce > acked);
  if (unacked.length > 0) return contiguousFrom(state, unacked);
  const newest = signed[signed.length - 1];
  return newest ? [toSignedVoucher(state, newest)] : [];
}

/** The stored vouchers from `nonce` on, for a vendor that says it expects `nonce` next. */
export function windowFrom(state: VendorVoucherState, nonce: bigint): SignedVoucher[] {
  return contiguousFrom(
    state,
    signedEntries(state).filter((entry) => entry.nonce >= nonce),
  );
}

function signedEntries(state: VendorVoucherState): VoucherEntry[] {
  return state.vouchers.filter((entry) => entry.signature !== undefined);
}

function contiguousFrom(state: VendorVoucherState, entries: VoucherEntry[]): SignedVoucher[] {
  const window: SignedVoucher[] = [];
  for (const entry of entries) {
    const previous = window[window.length - 1];
    if (previous && entry.nonce !== previous.nonce + 1n) break;
    window.push(toSignedVoucher(state, entry));
    if (window.length === MAX_VOUCHERS_PER_HEADER) break;
  }
  return window;
}

export function toSignedVoucher(state: VendorVoucherState, entry: VoucherEntry): SignedVoucher {
  if (entry.signature === undefined) throw new RangeError(`voucher ${entry.nonce} is not signed`);
  return { ...state.key, nonce: entry.nonce, atoms: entry.atoms, signature: entry.signature };
}
