import type { Address } from 'viem';
import { describe, expect, it } from 'vitest';
import {
  OutstandingBalanceTracker,
  type OutstandingBalanceRecord,
  type OutstandingBalanceRecordStore,
} from './outstanding-balance';
import { clientAccount } from './test-fixtures';

function mapStore(): OutstandingBalanceRecordStore & { rows: Map<string, OutstandingBalanceRecord> } {
  const rows = new Map<string, OutstandingBalanceRecord>();
  return {
    rows,
    get: async (client: Address) => rows.get(client) ?? null,
    put: async (record) => {
      rows.set(record.client, record);
    },
  };
}

const client = clientAccount(0).address;

describe('OutstandingBalanceTracker', () => {
  it('starts at zero for a client without a record and writes nothing on reads', async () => {
    const store = mapStore();
    const tracker = new OutstandingBalanceTracker(store, client);
    expect(await tracker.unmarked()).toBe(0n);
    expect(await tracker.locked()).toBe(0n);
    expect(store.rows.size).toBe(0);
  });

  it('adds and reduces unmarked cost, locks and unlocks, through the record store', async () => {
    const store = mapStore();
    const tracker = new OutstandingBalanceTracker(store, client);
    await tracker.add(70n);
    await tracker.add(5n);
    await tracker.reduce(50n);
    await tracker.lock(30n);
    await tracker.unlock(10n);
    expect(store.rows.get(client)).toEqual({ client, unmarked: 25n, locked: 20n });
    // A second tracker over the same store sees the same balance.
    const again = new OutstandingBalanceTracker(store, client);
    expect(await again.unmarked()).toBe(25n);
    expect(await again.locked()).toBe(20n);
  });

  it('keeps clients apart', async () => {
    const store = mapStore();
    const other = clientAccount(1).address;
    await new OutstandingBalanceTracker(store, client).add(9n);
    expect(await new OutstandingBalanceTracker(store, other).unmarked()).toBe(0n);
  });

  it('refuses to go negative or to take negative amounts', async () => {
    const tracker = new OutstandingBalanceTracker(mapStore(), client);
    await tracker.add(10n);
    await tracker.lock(10n);
    await expect(tracker.reduce(11n)).rejects.toThrow(RangeError);
    await expect(tracker.unlock(11n)).rejects.toThrow(RangeError);
    await expect(tracker.add(-1n)).rejects.toThrow(RangeError);
    await expect(tracker.lock(-1n)).rejects.toThrow(RangeError);
    expect(await tracker.unmarked()).toBe(10n);
    expect(await tracker.locked()).toBe(10n);
  });
});
