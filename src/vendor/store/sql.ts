/**
 * The little SQL surface the store needs, so the same statements run on PGlite (embedded,
 * the default) and on PostgreSQL through `pg`. Placeholders are $1, $2, … in both.
 */
export type SqlRow = Record<string, unknown>;

export interface SqlSession {
  query<R extends SqlRow = SqlRow>(text: string, params?: readonly unknown[]): Promise<R[]>;
}

export interface SqlDatabase extends SqlSession {
  /** Runs fn in one transaction: COMMIT when it resolves, ROLLBACK when it throws. */
  transaction<T>(fn: (tx: SqlSession) => Promise<T>): Promise<T>;
  /** True when only this process can open the database (PGlite): no other vendor instance can be live. */
  readonly exclusive: boolean;
  close(): Promise<void>;
}
