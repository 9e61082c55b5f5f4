import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signVoucher } from '../../protocol';
import { CommitQueue } from './commit-queue';
import { openPgliteDatabase } from './pglite-database';
import { ResidentClients } from './resident-clients';
import { ensureSchema } from './schema';
import type { SqlDatabase } from './sql';
import { SqlClientStore } from './sql-client-store';

const domain = { chainId: 31337n, verifyingContract: '0x5FbDB2315678afecb367f032d93F642f64180aa3' as const };
const vendor = privateKeyToAccount(generatePrivateKey()).address;
const newClient = () => privateKeyToAccount(generatePrivateKey()).address;

/** The database with its write scripts counted and, while `held` is set, kept waiting. */
function gated(db: SqlDatabase) {
  let release: (() => void) | undefined;
  let held: Promise<void> | undefined;
  const scripts: string[] = [];
  const wrapped: SqlDatabase = {
    ...db,
    async script(text) {
      if (!text.startsWith('SELECT') && !text.startsWith('INSERT INTO voucher_clients')) {
        scripts.push(text);
        if (held) await held;
      }
      return db.script(text);
    },
  };
  return {
    db: wrapped,
    scripts,
    hold() {
      held = new Promise((resolve) => (release = resolve));
    },
    release() {
      held = undefined;
      release?.();
    },
  };
}

let base: SqlDatabase;
beforeAll(async () => {
  base = await openPgliteDatabase();
  await ensureSchema(base);
});
afterAll(async () => base.close());

describe('ResidentClients', () => {
  it('commits many clients’ writes in one commit, and none resolves before it', async () => {
    const gate = gated(base);
    const resident = new ResidentClients(gate.db, 'instance-a');
    const clients = Array.from({ length: 6 }, newClient);
    // The first write goes alone while the commit is held; the rest queue behind it.
    gate.hold();
    let firstDone = false;
    const first = resident.withClient(clients[0]!, (state) => state.costs.add(1n)).then(() => (firstDone = true));
    await expect.poll(() => gate.scripts.length).toBe(1);
    const rest = clients.slice(1).map((client) => resident.withClient(client, (state) => state.costs.add(2n)));
    // Every transaction has run (its writes queued) but none has its commit: nothing resolved.
    await expect.poll(() => resident.queue.waiting).toBe(5);
    expect(resident.queue.commits).toBe(0);
    expect(firstDone).toBe(false);
    gate.release();
    await Promise.all([first, ...rest]);
    expect(resident.queue.commits).toBe(2);
    expect(resident.queue.scripts).toBe(6);
    // A second instance reading the disk (not the memory) sees all of it.
    const rows = await base.query<{ client: string; unmarked: string }>(
      `SELECT client, unmarked::text AS unmarked FROM voucher_clients WHERE client = ANY($1)`,
      [clients.map((client) => client.toLowerCase())],
    );
    expect(rows.map((row) => row.unmarked).sort()).toEqual(['1', '2', '2', '2', '2', '2']);
  });

  it('lets a client’s next transaction run while its earlier write commits, in order', async () => {
    const gate = gated(base);
    const resident = new ResidentClients(gate.db, 'instance-b');
    const client = newClient();
    gate.hold();
    const writes = [resident.withClient(client, (state) => state.costs.add(10n))];
    await expect.poll(() => gate.scripts.length).toBe(1);
    writes.push(...Array.from({ length: 4 }, () => resident.withClient(client, (state) => state.costs.add(10n))));
    // All five ran against memory, one after another, though no commit has returned yet.
    await expect.poll(() => resident.withClient(client, (state) => state.costs.unmarked())).toBe(50n);
    await expect.poll(() => resident.queue.waiting).toBe(4);
    gate.release();
    await Promise.all(writes);
    // The four queued behind the first share one commit, which writes only the latest unmarked cost.
    expect(gate.scripts).toHaveLength(2);
    expect(gate.scripts[1]!.match(/UPDATE voucher_clients/g)).toHaveLength(1);
    const [row] = await base.query<{ unmarked: string }>('SELECT unmarked::text AS unmarked FROM voucher_clients WHERE client = $1', [client.toLowerCase()]);
    expect(row?.unmarked).toBe('50');
  });

  it('writes nothing for a transaction that only locks, and waits for no commit', async () => {
    const gate = gated(base);
    const resident = new ResidentClients(gate.db, 'instance-c');
    const client = newClient();
    gate.hold();
    await resident.withClient(client, (state) => state.costs.lock(40n));
    expect(await resident.withClient(client, (state) => state.costs.locked())).toBe(40n);
    expect(gate.scripts).toHaveLength(0);
    gate.release();
  });

  it('reads history that is still committing after waiting for it, with its own changes laid over', async () => {
    const gate = gated(base);
    const resident = new ResidentClients(gate.db, 'instance-d');
    const key = generatePrivateKey();
    const account = privateKeyToAccount(key);
    const v0 = await signVoucher(account, domain, { vendor, nonce: 0n, atoms: 5n });
    const v1 = await signVoucher(account, domain, { vendor, nonce: 1n, atoms: 5n });
    gate.hold();
    const inserting = resident.withClient(account.address, async (state) => {
      await state.vouchers.insert(v0);
      await state.vouchers.insert(v1);
      await state.vouchers.markSpent(0n);
    });
    await expect.poll(() => gate.scripts.length).toBe(1);
    let read = false;
    const reading = resident.withClient(account.address, async (state) => {
      await state.vouchers.markSpent(1n);
      const all = await state.vouchers.allVouchers();
      read = true;
      return all.map((voucher) => [voucher.nonce, voucher.spent]);
    });
    // Nonce 0 is outside the working set: the read waits for the commit that stores it.
    await new Promise((resolve) => setImmediate(resolve));
    expect(read).toBe(false);
    gate.release();
    await inserting;
    expect(await reading).toEqual([
      [0n, true],
      [1n, true],
    ]);
  });

  it('forgets idle clients beyond its capacity and reads them again from the disk', async () => {
    const resident = new ResidentClients(base, 'instance-e', 2);
    const clients = Array.from({ length: 4 }, newClient);
    for (const [index, client] of clients.entries()) await resident.withClient(client, (state) => state.costs.add(BigInt(index + 1)));
    expect(resident.size).toBe(2);
    for (const [index, client] of clients.entries()) {
      expect(await resident.withClient(client, (state) => state.costs.unmarked())).toBe(BigInt(index + 1));
    }
  });

  it('keeps a client that holds a lock, whatever its capacity', async () => {
    const resident = new ResidentClients(base, 'instance-f', 1);
    const [locked, other] = [newClient(), newClient()];
    await resident.withClient(locked, (state) => state.costs.lock(3n));
    await resident.withClient(other, (state) => state.costs.add(1n));
    expect(await resident.withClient(locked, (state) => state.costs.locked())).toBe(3n);
  });

  it('refuses all work after a failed commit: memory no longer matches the disk', async () => {
    const failing: SqlDatabase = {
      ...base,
      async script(text) {
        if (text.startsWith('UPDATE')) throw new Error('disk full');
        return base.script(text);
      },
    };
    const resident = new ResidentClients(failing, 'instance-g');
    const client = newClient();
    await expect(resident.withClient(client, (state) => state.costs.add(1n))).rejects.toThrow('disk full');
    await expect(resident.withClient(newClient(), (state) => state.costs.unmarked())).rejects.toMatchObject({ code: 'store_failed' });
  });
});

describe('CommitQueue', () => {
  it('commits a batch whole or not at all', async () => {
    await base.script('CREATE TABLE IF NOT EXISTS queue_probe (id INT PRIMARY KEY)');
    const queue = new CommitQueue(base);
    const results = await Promise.allSettled([
      queue.commit('INSERT INTO queue_probe VALUES (1)'),
      queue.commit('INSERT INTO queue_probe VALUES (1)'), // duplicate key: the whole batch fails
    ]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    expect(await base.query('SELECT id FROM queue_probe')).toEqual([]);
    expect(() => queue.assertHealthy()).toThrow(/store_failed/);
  });
});

describe('SqlClientStore on an exclusive PGlite', () => {
  it('uses resident clients', async () => {
    const store = await SqlClientStore.open(base);
    expect(store.resident).toBeDefined();
    await store.close();
  });
});
