import type { IDBPIndex, IDBPTransaction } from 'idb';
import type { TransactionFilter, TransactionRecord } from '../interfaces/TransactionStore';
// Types only: schema.ts imports this module for its upgrade step.
import type { CountKey, EqualityField, TransactionDb, TransactionIndexName } from './schema';

/**
 * Record counts per 10 minutes of timestamp, for every record (kind 'all') and per status, vendor
 * (channelId) and status+vendor, kept in the same write transactions as the records. A filtered
 * total then sums whole buckets from these counters and count()s only the partial buckets at the
 * range's two ends, instead of every key in the range. Each kind also keeps a total (bucket
 * 'total': a string sorts after every number, so it is outside any bucket range).
 */
export const COUNT_BUCKET_MS = 600_000;
const TOTAL = 'total';

type CountKind = 'all' | 'status' | 'channelId' | 'statusChannelId';

/** The kinds counted, by the index whose exact range each one sizes. */
const COUNTED: ReadonlyMap<TransactionIndexName, { kind: CountKind; fields: readonly EqualityField[] }> = new Map([
  ['by_timestamp', { kind: 'all', fields: [] }],
  ['by_status_timestamp', { kind: 'status', fields: ['status'] }],
  ['by_channelId_timestamp', { kind: 'channelId', fields: ['channelId'] }],
  ['by_status_channelId_timestamp', { kind: 'statusChannelId', fields: ['status', 'channelId'] }],
]);

function bucketOf(timestamp: number): number {
  return Math.floor(timestamp / COUNT_BUCKET_MS);
}

/** The counter prefixes ([kind, ...values]) a record adds to. */
function prefixesOf(record: TransactionRecord): (string | number)[][] {
  const prefixes: (string | number)[][] = [['all'], ['status', record.status]];
  if (record.channelId !== undefined) {
    prefixes.push(['channelId', record.channelId], ['statusChannelId', record.status, record.channelId]);
  }
  return prefixes;
}

/** Count changes gathered over one write transaction, written once at its end. */
export class CountChanges {
  private readonly deltas = new Map<string, { key: CountKey; delta: number }>();

  add(record: TransactionRecord, sign: 1 | -1 = 1): void {
    const bucket = bucketOf(record.timestamp);
    for (const prefix of prefixesOf(record)) {
      this.change([...prefix, bucket], sign);
      this.change([...prefix, TOTAL], sign);
    }
  }

  private change(key: CountKey, delta: number): void {
    const id = JSON.stringify(key);
    const entry = this.deltas.get(id);
    if (entry) entry.delta += delta;
    else this.deltas.set(id, { key, delta });
  }

  /**
   * Queues the read-modify-write of every changed counter as plain requests in `tx` (a failure
   * aborts it, which its `done` reports); the caller awaits nothing here.
   */
  write(store: IDBObjectStore): void {
    for (const { key, delta } of this.deltas.values()) {
      if (delta === 0) continue;
      const read = store.get(key);
      read.onsuccess = () => {
        const next = ((read.result as number | undefined) ?? 0) + delta;
        if (next === 0) store.delete(key);
        else store.put(next, key);
      };
    }
    this.deltas.clear();
  }
}

type ReadTransaction = IDBPTransaction<TransactionDb, ['transactions', 'meta', 'counts'], 'readonly'>;
type RecordIndex = IDBPIndex<TransactionDb, ['transactions', 'meta', 'counts'], 'transactions', TransactionIndexName, 'readonly'>;

/**
 * The number of records in `index`'s range for `filter`, from the counters and at most two
 * count()s of partial buckets; undefined for an index without counters (protocol), which the
 * caller count()s itself.
 */
export async function countedTotal(
  tx: ReadTransaction,
  index: TransactionIndexName,
  filter: TransactionFilter,
  KeyRange: typeof IDBKeyRange,
): Promise<number | undefined> {
  const counted = COUNTED.get(index);
  if (!counted) return undefined;
  const values = counted.fields.map((field) => filter[field]!);
  const prefix: (string | number)[] = [counted.kind, ...values];
  const counts = tx.objectStore('counts');
  const { since, until } = filter;
  if (since === undefined && until === undefined) return (await counts.get([...prefix, TOTAL])) ?? 0;

  const records = tx.objectStore('transactions').index(index);
  const lo = since ?? -Infinity;
  const hi = until ?? Infinity;
  if (lo > hi) return 0;
  if (since !== undefined && until !== undefined && bucketOf(since) === bucketOf(until)) {
    return countRange(records, values, lo, hi, false, KeyRange);
  }
  const parts: Promise<number>[] = [];
  let fromBucket = -Infinity;
  let toBucket = Infinity;
  if (since !== undefined) {
    fromBucket = bucketOf(since) + 1;
    parts.push(countRange(records, values, since, fromBucket * COUNT_BUCKET_MS, true, KeyRange));
  }
  if (until !== undefined) {
    toBucket = bucketOf(until) - 1;
    parts.push(countRange(records, values, (toBucket + 1) * COUNT_BUCKET_MS, until, false, KeyRange));
  }
  if (fromBucket <= toBucket) {
    parts.push(
      counts
        .getAll(KeyRange.bound([...prefix, fromBucket], [...prefix, toBucket]))
        .then((found) => found.reduce((sum, count) => sum + count, 0)),
    );
  }
  return (await Promise.all(parts)).reduce((sum, count) => sum + count, 0);
}

function countRange(
  index: RecordIndex,
  values: readonly (string | number)[],
  lo: number,
  hi: number,
  openAbove: boolean,
  KeyRange: typeof IDBKeyRange,
): Promise<number> {
  const range = values.length === 0 ? KeyRange.bound(lo, hi, false, openAbove) : KeyRange.bound([...values, lo], [...values, hi], false, openAbove);
  return index.count(range);
}
