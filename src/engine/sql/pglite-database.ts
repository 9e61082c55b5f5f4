import { PGlite } from '@electric-sql/pglite';
import type { SqlDatabase, SqlRow, SqlSession } from './sql';

/** PGlite: PostgreSQL compiled to WebAssembly, in this process. `dataDir` undefined = in memory. */
export async function openPgliteDatabase(dataDir?: string): Promise<SqlDatabase> {
  const db = await PGlite.create(dataDir);
  const session = (runner: Pick<PGlite, 'query' | 'exec'>): SqlSession => ({
    async query<R extends SqlRow>(text: string, params: readonly unknown[] = []) {
      const result = await runner.query<R>(text, [...params]);
      return result.rows;
    },
    async script(text: string) {
      // exec is the simple protocol: about a third of query's cost per statement in PGlite.
      return (await runner.exec(text)).map((result) => result.rows as SqlRow[]);
    },
  });
  return {
    ...session(db),
    exclusive: true,
    transaction: (fn) => db.transaction((tx) => fn(session(tx))),
    close: () => db.close(),
  };
}
