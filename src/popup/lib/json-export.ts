import type { TransactionRecord } from '../../storage/interfaces/TransactionStore';

/** JSON has no bigint: amounts and nonces are written as exact decimal strings. */
export function bigintAsString(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

export function recordToJson(record: TransactionRecord): string {
  return JSON.stringify(record, bigintAsString);
}
