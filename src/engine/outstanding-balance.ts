import type { Address } from 'viem';
import type { UnmarkedCostTracker } from './ports';

/** One client's outstanding balance as a row: charged-but-unmarked cost and locked cost, in atoms. */
export interface OutstandingBalanceRecord {
  client: Address;
  unmarked: bigint;
  locked: bigint;
}

/** Where outstanding balances live (a Map in memory, a table in SQL). */
export interface OutstandingBalanceRecordStore {
  get(client: Address): Promise<OutstandingBalanceRecord | null>;
  put(record: OutstandingBalanceRecord): Promise<void>;
}

/**
 * The seed's obalance module: an UnmarkedCostTracker for one client over a record store. It does
 * read-modify-write without a lock of its own because it is only used inside
 * ClientStore.withClient, which already serialises the client (the seed locked here as well).
 * Every amount is checked, so a bug upstream fails loudly instead of leaving a negative balance.
 */
export class OutstandingBalanceTracker implements UnmarkedCostTracker {
  constructor(
    private readonly store: OutstandingBalanceRecordStore,
    private readonly client: Address,
  ) {}

  async unmarked(): Promise<bigint> {
    return (await this.record()).unmarked;
  }

  async locked(): Promise<bigint> {
    return (await this.record()).locked;
  }

  async add(cost: bigint): Promise<void> {
    assertAmount(cost, 'cost');
    const record = await this.record();
    await this.store.put({ ...record, unmarked: record.unmarked + cost });
  }

  async reduce(amount: bigint): Promise<void> {
    assertAmount(amount, 'amount');
    const record = await this.record();
    if (amount > record.unmarked) throw new RangeError(`cannot reduce unmarked ${record.unmarked} by ${amount}`);
    await this.store.put({ ...record, unmarked: record.unmarked - amount });
  }

  async lock(amount: bigint): Promise<void> {
    assertAmount(amount, 'amount');
    const record = await this.record();
    await this.store.put({ ...record, locked: record.locked + amount });
  }

  async unlock(amount: bigint): Promise<void> {
    assertAmount(amount, 'amount');
    const record = await this.record();
    if (amount > record.locked) throw new RangeError(`cannot unlock ${amount} of ${record.locked} locked`);
    await this.store.put({ ...record, locked: record.locked - amount });
  }

  private async record(): Promise<OutstandingBalanceRecord> {
    return (await this.store.get(this.client)) ?? { client: this.client, unmarked: 0n, locked: 0n };
  }
}

function assertAmount(amount: bigint, name: string): void {
  if (amount < 0n) throw new RangeError(`${name} must not be negative`);
}
