import pg from 'pg';
import type { SqlDatabase, SqlRow, SqlSession } from './sql';

/**
 * One connection runs one query at a time; callers inside a transaction may still issue
 * several at once (Promise.all), so they queue here rather than on pg's deprecated internal queue.
 */
function serialised(inner: SqlSession): SqlSession {
  let tail: Promise<unknown> = Promise.resolve();
  const queue = <T>(run: () => Promise<T>): Promise<T> => {
    const result = tail.then(run);
    tail = result.catch(() => {});
    return result;
  };
  return {
    query: <R extends SqlRow>(text: string, params?: readonly unknown[]) => queue(() => inner.query<R>(text, params)),
    script: (text: string) => queue(() => inner.script(text)),
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
    async script(text: string) {
      // Without parameters pg sends a simple Query; several statements answer with an array.
      const results: pg.QueryResult<SqlRow> | pg.QueryResult<SqlRow>[] = await runner.query<SqlRow>(text);
      return (Array.isArray(results) ? results : [results]).map((result) => result.rows);
    },
  });
  await pool.query('SELECT 1');
  return {
    ...session(pool),
    exclusive: false,
    async transaction(fn) {
      const client = await pool.connect();
      try {
        const inner = session(client);
        // BEGIN rides with the transaction's first script (one round trip fewer); a first query with parameters cannot carry it.
        let begun = false;
        const begin = async () => {
          if (begun) return;
          begun = true;
          await client.query('BEGIN');
        };
        const value = await fn(
          serialised({
            query: async <R extends SqlRow>(text: string, params?: readonly unknown[]) => {
              await begin();
              return inner.query<R>(text, params);
            },
            script: async (text: string) => {
              if (begun) return inner.script(text);
              begun = true;
              return (await inner.script(`BEGIN;\n${text}`)).slice(1);
            },
          }),
        );
        if (begun) await client.query('COMMIT');
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
