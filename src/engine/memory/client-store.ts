import type { Address } from 'viem';
import { InProcessKeyedLock } from '../../lib/keyed-lock';
import { OutstandingBalanceTracker, type OutstandingBalanceRecord } from '../outstanding-balance';
import { EngineFault } from '../errors';
import type { ClientState, ClientStore, SpentVoucherSource, StoredVoucher } from '../ports';
import { emptyClientRecord, type MemoryClientRecord } from './client-record';
import { MemoryVoucherTransaction } from './voucher-transaction';

/**
 * ClientStore in memory, for tests, benchmarks and the demo vendor. A per-client mutex
 * serialises withClient; its writes are buffered and applied only when `fn` resolves.
 */
export class MemoryClientStore implements ClientStore, SpentVoucherSource {
  private readonly records = new Map<string, MemoryClientRecord>();
  private readonly lock = new InProcessKeyedLock();

  async withClient<T>(client: Address, fn: (state: ClientState) => Promise<T>): Promise<T> {
    const key = client.toLowerCase();
    return this.lock.run(key, async () => {
      const record = this.records.get(key) ?? emptyClientRecord();
      let open = true;
      // A state that escapes fn must not write after the transaction ended.
      const assertOpen = () => {
        if (!open) throw new EngineFault('client_transaction_ended', `the transaction for ${client} has ended`);
      };
      const vouchers = new MemoryVoucherTransaction(record, assertOpen);
      let pendingBalance: OutstandingBalanceRecord | null = null;
      const costs = new OutstandingBalanceTracker(
        {
          get: async () => {
            assertOpen();
            return pendingBalance ?? record.balance;
          },
          put: async (balance) => {
            assertOpen();
            pendingBalance = balance;
          },
        },
        client,
      );
      try {
        const result = await fn({ client, vouchers, costs });
        if (vouchers.dirty || pendingBalance !== null) {
          vouchers.commitTo(record);
          if (pendingBalance !== null) record.balance = pendingBalance;
          this.records.set(key, record);
        }
        return result;
      } finally {
        open = false;
      }
    });
  }

  async spentVouchersAbove(above: ReadonlyMap<string, bigint>, limit: number): Promise<StoredVoucher[]> {
    const found: StoredVoucher[] = [];
    for (const key of [...this.records.keys()].sort()) {
      const record = this.records.get(key)!;
      const floor = above.get(key);
      // Vouchers are indexed by nonce, and all below firstUnspentIndex are spent.
      for (let index = floor === undefined ? 0 : Number(floor) + 1; index < record.firstUnspentIndex; index += 1) {
        if (found.length >= limit) return found;
        found.push({ ...record.vouchers[index]! });
      }
    }
    return found;
  }

  /** How many clients hold state (reads of unknown clients create none). */
  get clientCount(): number {
    return this.records.size;
  }
}
