import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MAX_UINT256, MAX_UINT64, signVoucher, type SignedVoucher } from '../../protocol';
import { SqlClientStore } from './sql-client-store';
import type { SqlDatabase } from './sql';

const domain = { chainId: 31337n, verifyingContract: '0x5FbDB2315678afecb367f032d93F642f64180aa3' as const };
const vendor = privateKeyToAccount(generatePrivateKey()).address;

async function voucher(nonce: bigint, atoms: bigint, key = generatePrivateKey()): Promise<SignedVoucher> {
  return signVoucher(privateKeyToAccount(key), domain, { vendor, nonce, atoms });
}

/**
 * The SQL ClientStore's contract, run against PGlite and against PostgreSQL. `open` returns a
 * new connection to the same database each call (so two "instances" can share it); an exclusive
 * database (resident clients) has one instance, so the tests between instances do not apply.
 */
export function sqlClientStoreContract(open: () => Promise<SqlDatabase | undefined>, options: { exclusive?: boolean } = {}): void {
  // Not registered at all for an exclusive database: a test that cannot apply is not a skipped one.
  const betweenInstances = (name: string, body: () => Promise<void>) => {
    if (!options.exclusive) it(name, body);
  };
  const opened: SqlDatabase[] = [];
  let db: SqlDatabase;
  let store: SqlClientStore;

  beforeAll(async () => {
    const first = await open();
    if (!first) return;
    opened.push(first);
    db = first;
    store = await SqlClientStore.open(db);
  });
  afterAll(async () => {
    await store?.close();
    for (const handle of opened) await handle.close();
  });

  it('round-trips uint256 atoms and uint64 nonces exactly', async () => {
    const v = await voucher(0n, MAX_UINT256);
    await store.withClient(v.client, (state) => state.vouchers.insert(v));
    const big = { ...(await voucher(MAX_UINT64, 1n)), client: v.client };
    await store.withClient(v.client, (state) => state.vouchers.insert(big));
    const held = await store.withClient(v.client, (state) => state.vouchers.allVouchers());
    expect(held.map((h) => [h.nonce, h.atoms, h.spent])).toEqual([
      [0n, MAX_UINT256, false],
      [MAX_UINT64, 1n, false],
    ]);
    expect(held[0]).toEqual({ ...v, spent: false });
    expect(await store.withClient(v.client, (state) => state.vouchers.lastKnownNonce())).toBe(MAX_UINT64);
  });

  it('discards every write of a withClient call that throws', async () => {
    const v = await voucher(0n, 100n);
    await expect(
      store.withClient(v.client, async (state) => {
        await state.vouchers.insert(v);
        await state.costs.add(7n);
        await state.costs.lock(5n);
        throw new Error('handler failed');
      }),
    ).rejects.toThrow('handler failed');
    const after = await store.withClient(v.client, async (state) => ({
      vouchers: await state.vouchers.allVouchers(),
      unmarked: await state.costs.unmarked(),
      locked: await state.costs.locked(),
    }));
    expect(after).toEqual({ vouchers: [], unmarked: 0n, locked: 0n });
  });

  it('tracks unmarked, locked, spent and unspent atoms', async () => {
    const v0 = await voucher(0n, 100n);
    const client = v0.client;
    const result = await store.withClient(client, async (state) => {
      await state.vouchers.insert(v0);
      await state.costs.lock(30n);
      await state.costs.add(120n);
      await state.vouchers.markSpent(0n);
      await state.costs.reduce(100n);
      await state.costs.unlock(10n);
      return {
        unmarked: await state.costs.unmarked(),
        locked: await state.costs.locked(),
        unspent: await state.vouchers.unspentAtoms(),
        first: await state.vouchers.firstUnspent(),
        at0: (await state.vouchers.voucherAt(0n))?.spent,
      };
    });
    expect(result).toEqual({ unmarked: 20n, locked: 20n, unspent: 0n, first: null, at0: true });
  });

  it('orders vouchers by nonce as a number, not as its text (10 after 9)', async () => {
    const key = generatePrivateKey();
    for (let nonce = 0n; nonce < 12n; nonce++) {
      const v = await voucher(nonce, 5n, key);
      // One transaction each: every one re-reads the working set from the database.
      await store.withClient(v.client, (state) => state.vouchers.insert(v));
    }
    const client = (await voucher(0n, 5n, key)).client;
    const seen = await store.withClient(client, async (state) => ({
      last: await state.vouchers.lastKnownNonce(),
      all: (await state.vouchers.allVouchers()).map((v) => v.nonce),
    }));
    expect(seen.last).toBe(11n);
    expect(seen.all).toEqual(Array.from({ length: 12 }, (_, i) => BigInt(i)));
  });

  it('answers reads beyond the working set with this transaction’s own writes', async () => {
    const key = generatePrivateKey();
    const [v0, v1] = [await voucher(0n, 10n, key), await voucher(1n, 20n, key)];
    const seen = await store.withClient(v0.client, async (state) => {
      await state.vouchers.insert(v0);
      await state.vouchers.insert(v1);
      await state.vouchers.markSpent(0n);
      // Nonce 0 is spent and not the newest: outside the working set, so read from the database.
      return { at0: await state.vouchers.voucherAt(0n), all: await state.vouchers.allVouchers() };
    });
    expect(seen.at0).toEqual({ ...v0, spent: true });
    expect(seen.all.map((v) => [v.nonce, v.spent])).toEqual([[0n, true], [1n, false]]);
    const committed = await store.withClient(v0.client, async (state) => ({
      unspent: await state.vouchers.unspentAtoms(),
      at0: (await state.vouchers.voucherAt(0n))?.spent,
    }));
    expect(committed).toEqual({ unspent: 20n, at0: true });
  });

  it('unspends the newest spent vouchers for a credit-back, inside and beyond the working set', async () => {
    const key = generatePrivateKey();
    const vouchers = [await voucher(0n, 10n, key), await voucher(1n, 20n, key), await voucher(2n, 30n, key)];
    const client = vouchers[0]!.client;
    await store.withClient(client, async (state) => {
      for (const v of vouchers) await state.vouchers.insert(v);
      await state.vouchers.markSpent(0n);
      await state.vouchers.markSpent(1n);
    });
    const seen = await store.withClient(client, async (state) => {
      // Nonce 1 is spent and not the newest: outside the working set.
      const last = await state.vouchers.lastSpent();
      await state.vouchers.markUnspent(last!.nonce);
      return {
        last: last?.nonce,
        first: (await state.vouchers.firstUnspent())?.nonce,
        unspent: await state.vouchers.unspentAtoms(),
        nextLast: (await state.vouchers.lastSpent())?.nonce,
      };
    });
    expect(seen).toEqual({ last: 1n, first: 1n, unspent: 50n, nextLast: 0n });
    // Spent and unspent again in one transaction, and the newest: the committed rows agree.
    await store.withClient(client, async (state) => {
      await state.vouchers.markSpent(1n);
      await state.vouchers.markSpent(2n);
      expect((await state.vouchers.lastSpent())?.nonce).toBe(2n);
      await state.vouchers.markUnspent(2n);
    });
    const committed = await store.withClient(client, async (state) => ({
      spent: (await state.vouchers.allVouchers()).map((v) => v.spent),
      unspent: await state.vouchers.unspentAtoms(),
      last: (await state.vouchers.lastSpent())?.nonce,
    }));
    expect(committed).toEqual({ spent: [true, true, false], unspent: 30n, last: 1n });
    await expect(store.withClient(client, (state) => state.vouchers.markUnspent(2n))).rejects.toThrow('not a spent voucher');
  });

  it('refuses use of a state after its call ended', async () => {
    const client = privateKeyToAccount(generatePrivateKey()).address;
    const leaked = await store.withClient(client, async (state) => state);
    await expect(leaked.costs.add(1n)).rejects.toMatchObject({ name: 'EngineFault', code: 'client_transaction_ended' });
    await expect(leaked.vouchers.lastKnownNonce()).rejects.toMatchObject({ name: 'EngineFault', code: 'client_transaction_ended' });
    expect(await store.withClient(client, (state) => state.costs.unmarked())).toBe(0n);
  });

  it('serialises one client: no lost update under concurrency', async () => {
    const client = privateKeyToAccount(generatePrivateKey()).address;
    const bump = () =>
      store.withClient(client, async (state) => {
        const before = await state.costs.unmarked();
        await new Promise((resolve) => setTimeout(resolve, 1));
        await state.costs.reduce(before);
        await state.costs.add(before + 1n);
      });
    await Promise.all(Array.from({ length: 20 }, () => bump()));
    expect(await store.withClient(client, (state) => state.costs.unmarked())).toBe(20n);
  });

  betweenInstances('serialises one client across instances: no lost update under concurrency', async () => {
    const second = await open();
    if (!second) return;
    opened.push(second);
    const other = await SqlClientStore.open(second);
    const client = privateKeyToAccount(generatePrivateKey()).address;
    const bump = (target: SqlClientStore) =>
      target.withClient(client, async (state) => {
        const before = await state.costs.unmarked();
        await new Promise((resolve) => setTimeout(resolve, 2));
        await state.costs.reduce(before); // back to 0 …
        await state.costs.add(before + 1n); // … then before + 1: a lost update would show as a lower total
      });
    await Promise.all(Array.from({ length: 20 }, (_, i) => bump(i % 2 ? store : other)));
    expect(await store.withClient(client, (state) => state.costs.unmarked())).toBe(20n);
    // Both instances are alive, so each sees the other's locks.
    await other.withClient(client, (state) => state.costs.lock(9n));
    expect(await store.withClient(client, (state) => state.costs.locked())).toBe(9n);
    await other.close();
    expect(await store.withClient(client, (state) => state.costs.locked())).toBe(0n);
  });

  betweenInstances('stops counting the locks of an instance that died, and deletes them at the next startup', async () => {
    const client = privateKeyToAccount(generatePrivateKey()).address;
    const crashed = await open();
    if (!crashed) return;
    opened.push(crashed);
    const dead = await SqlClientStore.open(crashed);
    await dead.withClient(client, (state) => state.costs.lock(50n));
    expect(await store.withClient(client, (state) => state.costs.locked())).toBe(50n);
    // The instance stops heartbeating (a crash) and its last beat ages past the TTL.
    await db.query(`UPDATE vendor_instances SET heartbeat_at = now() - interval '1 hour' WHERE instance_id = $1`, [dead.instanceId]);
    expect(await store.withClient(client, (state) => state.costs.locked())).toBe(0n);
    const restarted = await SqlClientStore.open(db);
    const rows = await db.query('SELECT 1 FROM query_locks WHERE instance_id = $1', [dead.instanceId]);
    expect(rows).toHaveLength(0);
    await restarted.close();
  });
}
