import pg from 'pg';
import type { SqlDatabase, SqlRow, SqlSession } from './sql';

/** A real PostgreSQL server, shared by any number of vendor instances. */
export async function openPostgresDatabase(connectionString: string): Promise<SqlDatabase> {
  const pool = new pg.Pool({ connectionString, max: 10 });
  // An idle client losing its connection must not crash the vendor; the pool replaces it.
  pool.on('error', () => {});
  const session = (runner: Pick<pg.Pool, 'query'>): SqlSession => ({
    async query<R extends SqlRow>(text: string, params: readonly unknown[] = []) {
      const result = await runner.query<R>(text, [...params]);
      return result.rows;
    },
  });
  await pool.query('SELECT 1');
  return {
    ...session(pool),
    exclusive: false,
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const value = await fn(session(client));
        await client.query('COMMIT');
        return value;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
