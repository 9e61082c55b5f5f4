import type { OutstandingBalanceRecord } from '../outstanding-balance';
import type { StoredVoucher } from '../ports';

/** One client's committed state in a MemoryClientStore. Only a committing transaction mutates it. */
export interface MemoryClientRecord {
  /** Indexed by nonce: nonces start at 0 and are contiguous. Entries are replaced, never mutated. */
  vouchers: StoredVoucher[];
  /** Every voucher below this index is spent, so scans for unspent ones start here. */
  firstUnspentIndex: number;
  unspentAtoms: bigint;
  balance: OutstandingBalanceRecord | null;
}

export function emptyClientRecord(): MemoryClientRecord {
  return { vouchers: [], firstUnspentIndex: 0, unspentAtoms: 0n, balance: null };
}
