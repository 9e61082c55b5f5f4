export { openClientStore } from './open-store';
export type { OpenedStore, StoreKind } from './open-store';
export { openPgliteDatabase } from './pglite-database';
export { openPostgresDatabase } from './postgres-database';
export { SqlClientStore } from './sql-client-store';
export type { SqlDatabase, SqlRow, SqlSession } from './sql';
