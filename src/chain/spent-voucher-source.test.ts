import { afterAll, describe, expect, it } from 'vitest';
import { MemoryClientStore } from '../engine/memory/client-store';
import type { ClientStore, SpentVoucherSource } from '../engine/ports';
import { clientAccount, signVouchers } from '../engine/test-fixtures';
import { openPgliteDatabase } from '../engine/sql/pglite-database';
import { SqlClientStore } from '../engine/sql/sql-client-store';

/** The redeemer's input port, one suite over every ClientStore that implements it. */
function spentVoucherSourceContract(open: () => Promise<ClientStore & SpentVoucherSource>): void {
  const [a, b, c] = [clientAccount(11), clientAccount(12), clientAccount(13)];

  async function holding(store: ClientStore, account: typeof a, count: number, spent: number): Promise<void> {
    const vouchers = await signVouchers(account, Array.from({ length: count }, (_, i) => BigInt(100 + i)));
    await store.withClient(account.address, async (state) => {
      for (const voucher of vouchers) await state.vouchers.insert(voucher);
      for (let nonce = 0n; nonce < BigInt(spent); nonce += 1n) await state.vouchers.markSpent(nonce);
    });
  }

  it('lists every spent voucher (and no unspent one) in (client, nonce) order, up to the limit', async () => {
    const store = await open();
    await holding(store, a, 4, 3);
    await holding(store, b, 2, 0);
    await holding(store, c, 2, 2);
    const keys = (list: { client: string; nonce: bigint }[]) => list.map((each) => `${each.client.toLowerCase()}:${each.nonce}`);
    const sorted = [a, c].map((each) => each.address.toLowerCase()).sort();
    const expected = sorted.flatMap((client) => (client === a.address.toLowerCase() ? [0n, 1n, 2n] : [0n, 1n]).map((nonce) => `${client}:${nonce}`));
    const all = await store.spentVouchersAbove(new Map(), 100);
    expect(keys(all)).toEqual(expected);
    expect(all.every((each) => each.spent)).toBe(true);
    expect(all.find((each) => each.client === a.address && each.nonce === 2n)?.atoms).toBe(102n);
    expect(keys(await store.spentVouchersAbove(new Map(), 2))).toEqual(expected.slice(0, 2));
  });

  it('skips each client\'s vouchers up to its floor, and finds the ones spent since', async () => {
    const store = await open();
    await holding(store, a, 4, 2);
    await holding(store, c, 1, 1);
    const floors = new Map([[a.address.toLowerCase(), 1n], [c.address.toLowerCase(), 0n]]);
    expect(await store.spentVouchersAbove(floors, 100)).toEqual([]);
    await store.withClient(a.address, (state) => state.vouchers.markSpent(2n));
    expect((await store.spentVouchersAbove(floors, 100)).map((each) => each.nonce)).toEqual([2n]);
  });
}

describe('SpentVoucherSource: MemoryClientStore', () => {
  spentVoucherSourceContract(async () => new MemoryClientStore());
});

describe('SpentVoucherSource: SqlClientStore on PGlite', () => {
  const opened: { close(): Promise<void> }[] = [];
  afterAll(async () => {
    for (const each of opened.reverse()) await each.close();
  });
  spentVoucherSourceContract(async () => {
    const db = await openPgliteDatabase();
    const store = await SqlClientStore.open(db);
    opened.push(db, store);
    return store;
  });
});
