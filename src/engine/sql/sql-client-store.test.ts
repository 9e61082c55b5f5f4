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
