import type { SqlDatabase } from './sql';

/**
 * Tables of the vendor's durable state. Atoms and nonces are NUMERIC (uint256 / uint64 do not
 * fit BIGINT) and travel as decimal strings both ways, so no value ever passes through a float.
 * Addresses are stored lower-case.
 *
 * voucher_clients  one row per client: the row lock that serialises the client, and its unmarked cost.
 * vouchers         every voucher received, spent or not.
 * vendor_instances one row per running vendor process, with a heartbeat.
 * query_locks      cost locked for queries in flight, per client and per vendor instance.
 */
const STATEMENTS = [
  `CREATE TABLE IF NOT EXISTS voucher_clients (
     client   TEXT PRIMARY KEY,
     unmarked NUMERIC(78, 0) NOT NULL DEFAULT 0 CHECK (unmarked >= 0)
   )`,
  `CREATE TABLE IF NOT EXISTS vouchers (
     client             TEXT NOT NULL REFERENCES voucher_clients (client),
     nonce              NUMERIC(20, 0) NOT NULL,
     atoms              NUMERIC(78, 0) NOT NULL CHECK (atoms > 0),
     vendor             TEXT NOT NULL,
     chain_id           NUMERIC(20, 0) NOT NULL,
     verifying_contract TEXT NOT NULL,
     signature          TEXT NOT NULL,
     spent              BOOLEAN NOT NULL DEFAULT FALSE,
     PRIMARY KEY (client, nonce)
   )`,
  `CREATE TABLE IF NOT EXISTS vendor_instances (
     instance_id  TEXT PRIMARY KEY,
     heartbeat_at TIMESTAMPTZ NOT NULL DEFAULT now()
   )`,
  `CREATE TABLE IF NOT EXISTS query_locks (
     client      TEXT NOT NULL REFERENCES voucher_clients (client),
     instance_id TEXT NOT NULL,
     locked      NUMERIC(78, 0) NOT NULL CHECK (locked >= 0),
     PRIMARY KEY (client, instance_id)
   )`,
];

/** Any fixed number: the advisory lock that keeps concurrent startups from racing on CREATE TABLE. */
const SCHEMA_LOCK_KEY = 8402;

export async function ensureSchema(db: SqlDatabase): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK_KEY]);
    for (const statement of STATEMENTS) await tx.query(statement);
  });
}
