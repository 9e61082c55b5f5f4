import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { MemoryClientStore } from '../memory/client-store';
import type { ClientStore, SpentVoucherSource } from '../ports';
import type { SqlDatabase } from './sql';
import { openPgliteDatabase } from './pglite-database';
import { openPostgresDatabase } from './postgres-database';
import { SqlClientStore } from './sql-client-store';

/** Where the vendor keeps its clients: PGlite (embedded, default), PostgreSQL, or memory (tests). */
export type StoreKind = 'pglite' | 'postgres' | 'memory';

export interface OpenedStore {
  /** Also the redeemer's source of spent vouchers. */
  clients: ClientStore & SpentVoucherSource;
  /** The database the clients live in, for other tables of the same vendor (redemptions); absent for memory. */
  db?: SqlDatabase;
  close(): Promise<void>;
}

/** The vendor's ClientStore: PGlite under dataDir (default), PostgreSQL, or memory (tests). */
export async function openClientStore(kind: StoreKind, dataDir: string | undefined, databaseUrl?: string): Promise<OpenedStore> {
  if (kind === 'memory') return { clients: new MemoryClientStore(), close: async () => {} };
  let db;
  if (kind === 'postgres') {
    if (!databaseUrl) throw new Error('store "postgres" needs DATABASE_URL');
    db = await openPostgresDatabase(databaseUrl);
  } else {
    let dir: string | undefined;
    if (dataDir !== undefined) {
      dir = join(dataDir, 'pglite');
      await mkdir(dir, { recursive: true });
    }
    db = await openPgliteDatabase(dir);
  }
  try {
    const clients = await SqlClientStore.open(db);
    return {
      clients,
      db,
      async close() {
        await clients.close();
        await db.close();
      },
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}
