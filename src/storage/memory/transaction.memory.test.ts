import { describe, expect, it } from 'vitest';
import { transactionStoreContract, txRecord } from '../transaction-store.contract';
import { MemoryTransactionStore } from './transaction.memory';

transactionStoreContract('memory', (options) => new MemoryTransactionStore({ ...options, channelName: null }));

describe('MemoryTransactionStore', () => {
  it('caps at 500 records by default', async () => {
    const store = new MemoryTransactionStore();
    await store.createMany(Array.from({ length: 600 }, (_, i) => txRecord(`m${i}`, i)));
    const page = await store.list({}, { offset: 499, limit: 5 });
    expect(page.total).toBe(500);
    expect(page.items.map((r) => r.clientTxRef)).toEqual(['m100']);
    await store.close();
  });

  it('rejects a maxRecords that is not a positive integer', () => {
    for (const maxRecords of [0, -1, 2.5]) {
      expect(() => new MemoryTransactionStore({ maxRecords })).toThrow(expect.objectContaining({ code: 'invalid_config' }));
    }
  });
});
