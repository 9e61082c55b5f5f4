import { afterAll, describe } from 'vitest';
import { startTestPostgres, type PostgresForTests } from './postgres-cluster';
import { openPostgresDatabase } from './postgres-database';
import { sqlClientStoreContract } from './sql-store-contract';

const postgres = await startTestPostgres();
const skipReason = typeof postgres === 'string' ? postgres : undefined;
if (skipReason) console.warn(`skipping PostgreSQL tests: ${skipReason}`);
const pg = typeof postgres === 'string' ? undefined : (postgres as PostgresForTests);

afterAll(async () => pg?.stop());

describe.skipIf(!pg)('SqlClientStore on PostgreSQL', () => {
  sqlClientStoreContract(async () => (pg ? openPostgresDatabase(pg.url) : undefined));
});
