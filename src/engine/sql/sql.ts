/**
 * The little SQL surface the store needs, so the same statements run on PGlite (embedded,
 * the default) and on PostgreSQL through `pg`. Placeholders are $1, $2, … in both.
 */
export type SqlRow = Record<string, unknown>;

export interface SqlSession {
  query<R extends SqlRow = SqlRow>(text: string, params?: readonly unknown[]): Promise<R[]>;
  /**
   * Runs one or more `;`-separated statements without parameters in one round trip (the simple
   * query protocol), returning each statement's rows. In READ COMMITTED every statement takes a
   * fresh snapshot, so a read after `SELECT … FOR UPDATE` in the same script sees everything
   * committed before the lock was granted. Values go in as literals: build them with sql-literal.
   */
  script(text: string): Promise<SqlRow[][]>;
}

export interface SqlDatabase extends SqlSession {
  /** Runs fn in one transaction: COMMIT when it resolves, ROLLBACK when it throws. */
  transaction<T>(fn: (tx: SqlSession) => Promise<T>): Promise<T>;
  /** True when only this process can open the database (PGlite): no other vendor instance can be live. */
  readonly exclusive: boolean;
  close(): Promise<void>;
}
