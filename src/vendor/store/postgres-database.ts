import pg from 'pg';
import type { SqlDatabase, SqlRow, SqlSession } from './sql';

/**
 * One connection runs one query at a time; callers inside a transaction may still issue
 * several at once (Promise.all), so they queue here rather than on pg's deprecated internal queue.
 */
function serialised(inner: SqlSession): SqlSession {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    query<R extends SqlRow>(text: string, params?: readonly unknown[]) {
      const result = tail.then(() => inner.query<R>(text, params));
      tail = result.catch(() => {});
      return result;
    },
  };
}

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
        const value = await fn(serialised(session(client)));
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
