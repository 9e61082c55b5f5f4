import { TransactionStoreError } from './errors';

export const DEFAULT_MEMORY_MAX_RECORDS = 500;
export const DEFAULT_INDEXEDDB_MAX_RECORDS = 10_000;

export function checkMaxRecords(value: number | undefined, fallback: number): number {
  const max = value ?? fallback;
  if (!Number.isSafeInteger(max) || max < 1) {
    throw new TransactionStoreError('invalid_config', `maxRecords must be a positive integer, got ${String(value)}`);
  }
  return max;
}
