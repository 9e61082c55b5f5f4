import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, describe, expect, it } from 'vitest';
import { sqlClientStoreContract } from './sql-store-contract';
import { openPgliteDatabase } from './pglite-database';
import { SqlClientStore } from './sql-client-store';
import type { SqlDatabase } from './sql';

describe('SqlClientStore on PGlite, as one of several instances', () => {
  // Several "instances" share one in-memory PGlite; marked non-exclusive so the heartbeat
  // TTL path (the PostgreSQL one) is what runs. The database itself closes once, at the end.
  const shared = openPgliteDatabase();
  afterAll(async () => (await shared).close());
  sqlClientStoreContract(async (): Promise<SqlDatabase> => ({ ...(await shared), exclusive: false, close: async () => {} }));

  it('releases every lock of earlier instances at startup when the database is exclusive', async () => {
    const db = await shared;
    const exclusive: SqlDatabase = { ...db, exclusive: true, close: async () => {} };
    const client = privateKeyToAccount(generatePrivateKey()).address;
    const crashed = await SqlClientStore.open(exclusive);
    await crashed.withClient(client, (state) => state.costs.lock(70n));
    // A restart of the only process that can open the files: the old one is gone, whatever its heartbeat says.
    const restarted = await SqlClientStore.open(exclusive);
    expect(await restarted.withClient(client, (state) => state.costs.locked())).toBe(0n);
    await restarted.close();
  });
});

describe('SqlClientStore on PGlite, exclusive (resident clients, group commit)', () => {
  const own = openPgliteDatabase();
  afterAll(async () => (await own).close());
  sqlClientStoreContract(async (): Promise<SqlDatabase> => ({ ...(await own), close: async () => {} }), { exclusive: true });
});

describe('SqlClientStore on a shared database: group flush', () => {
  it('resolves a transaction that wrote cost only after a synchronous commit, which serves many; a lock-only one waits for none', async () => {
    const db = await openPgliteDatabase();
    let release: (() => void) | undefined;
    let held: Promise<void> | undefined;
    const flushes: string[] = [];
    const shared: SqlDatabase = {
      ...db,
      exclusive: false,
      async script(text) {
        if (text.startsWith('UPDATE vendor_instances')) {
          flushes.push(text);
          if (held) await held;
        }
        return db.script(text);
      },
    };
    const store = await SqlClientStore.open(shared);
    try {
      const clients = Array.from({ length: 5 }, () => privateKeyToAccount(generatePrivateKey()).address);
      held = new Promise((resolve) => (release = resolve));
      let resolved = 0;
      const first = store.withClient(clients[0]!, (state) => state.costs.add(1n)).then(() => resolved++);
      await expect.poll(() => flushes.length).toBe(1);
      const rest = clients.slice(1).map((client) => store.withClient(client, (state) => state.costs.add(2n)).then(() => resolved++));
      // Committed (another session sees it), but not resolved: its flush has not returned.
      await expect.poll(async () => (await db.query(`SELECT count(*)::int AS n FROM voucher_clients WHERE unmarked = 2`))[0]?.n).toBe(4);
      expect(resolved).toBe(0);
      // A lock-only transaction commits and resolves while the flush is held.
      await store.withClient(clients[0]!, (state) => state.costs.lock(5n));
      held = undefined;
      release!();
      await Promise.all([first, ...rest]);
      // The four queued behind the first flush shared the second.
      expect(flushes).toHaveLength(2);
    } finally {
      release?.();
      await store.close();
      await db.close();
    }
  });
});
