import { unwrap, type IDBPIndex, type IDBPTransaction } from 'idb';
import type { TransactionFilter, TransactionPage, TransactionRecord } from '../interfaces/TransactionStore';
import { matchesFilter, type NormalizedQuery } from '../query';
import { countedTotal } from './record-counts';
import { ALL_INDICES, META_STORE, RECORD_COUNT_KEY, TX_STORE, type IndexSpec, type TransactionDb, type TransactionIndexName } from './schema';

type ReadTransaction = IDBPTransaction<TransactionDb, ['transactions', 'meta', 'counts'], 'readonly'>;
type RecordIndex = IDBPIndex<TransactionDb, ['transactions', 'meta', 'counts'], 'transactions', TransactionIndexName, 'readonly'>;

interface IndexRange {
  index: TransactionIndexName;
  range: IDBKeyRange | undefined;
}

/**
 * The index key ranges list() may read, with since/until folded into the timestamp part:
 * - an index whose fields are exactly the filter's equality fields: that one range, and a page
 *   reads only its own records (no equality filter: the timestamp index);
 * - otherwise (all three fields): every index that covers the most of them, so the caller can
 *   read the smallest range and test the remaining field in JS.
 */
export function candidateRanges(filter: TransactionFilter, KeyRange: typeof IDBKeyRange): IndexRange[] {
  const lo = filter.since ?? -Infinity;
  const hi = filter.until ?? Infinity;
  const usable = ALL_INDICES.filter((spec) => spec.fields.every((field) => filter[field] !== undefined));
  const widest = Math.max(...usable.map((spec) => spec.fields.length));
  return usable
    .filter((spec) => spec.fields.length === widest)
    .map((spec) => ({ index: spec.name, range: keyRange(spec, filter, lo, hi, KeyRange) }));
}

function keyRange(spec: IndexSpec, filter: TransactionFilter, lo: number, hi: number, KeyRange: typeof IDBKeyRange): IDBKeyRange | undefined {
  if (spec.fields.length === 0) {
    const timeBounded = filter.since !== undefined || filter.until !== undefined;
    return timeBounded ? KeyRange.bound(lo, hi) : undefined;
  }
  const values = spec.fields.map((field) => filter[field]!);
  return KeyRange.bound([...values, lo], [...values, hi]);
}

/**
 * Reads one page in `tx` (readonly, so count and page see one snapshot).
 *
 * One index range (no filter, or an index for exactly the equality filters; any since/until):
 * the total comes from the maintained counts (record-counts.ts: whole 10-minute buckets from counters,
 * the partial buckets at the ends count()ed; a protocol filter count()s its whole range), then a 'prev'
 * cursor advance()s past `offset` and reads only `limit` values. Every page reads the total again
 * because any write, from any context, may have changed it.
 *
 * Several candidate ranges (status, vendor and protocol all at once): count each, read the
 * smallest one with a single getAll() and test the third field in JS. That reads the smallest
 * pair range in full (needed for an exact total) but never the whole store, and the size cap
 * bounds it; one getAll() is far cheaper than a cursor step per record. Any one or two equality
 * filters never take this path.
 */
export async function readPage(tx: ReadTransaction, q: NormalizedQuery, KeyRange: typeof IDBKeyRange): Promise<TransactionPage> {
  if (q.empty) return { items: [], total: 0, hasMore: false };
  const store = tx.objectStore(TX_STORE);
  const ranges = candidateRanges(q.filter, KeyRange);
  let total: number;
  let items: TransactionRecord[];
  if (ranges.length === 1) {
    const { index, range } = ranges[0]!;
    // Unfiltered: the maintained record count; status, vendor and both: the 10-minute counters;
    // protocol: a count() over the range.
    total = range
      ? ((await countedTotal(tx, index, q.filter, KeyRange)) ?? (await store.index(index).count(range)))
      : ((await tx.objectStore(META_STORE).get(RECORD_COUNT_KEY)) ?? 0);
    items = q.limit > 0 && q.offset < total ? await readSlice(store.index(index), range, q) : [];
  } else {
    const counts = await Promise.all(ranges.map(({ index, range }) => store.index(index).count(range)));
    let best = 0;
    counts.forEach((count, i) => {
      if (count < counts[best]!) best = i;
    });
    const { index, range } = ranges[best]!;
    // getAll returns ascending (index key, then primary key): reversed, exactly a 'prev' cursor's order.
    const matches = (await store.index(index).getAll(range)).filter((r) => matchesFilter(r, q.filter)).reverse();
    total = matches.length;
    items = matches.slice(q.offset, q.offset + q.limit);
  }
  return { items, total, hasMore: q.offset + items.length < total };
}

/**
 * The page from a 'prev' cursor: one advance() past the offset, then one step per record. The
 * steps go through the plain cursor request (idb's `unwrap`): idb makes a promise per step, which
 * costs a 50-record page about a fifth more in the Node bench, for no gain in a loop this small.
 */
function readSlice(index: RecordIndex, range: IDBKeyRange | undefined, q: NormalizedQuery): Promise<TransactionRecord[]> {
  const items: TransactionRecord[] = [];
  const request = unwrap(index).openCursor(range, 'prev');
  let skipped = q.offset === 0;
  return new Promise((resolve, reject) => {
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const cursor = request.result;
      if (!cursor) return resolve(items);
      if (!skipped) {
        skipped = true;
        return cursor.advance(q.offset);
      }
      items.push(cursor.value as TransactionRecord);
      if (items.length < q.limit) cursor.continue();
      else resolve(items);
    };
  });
}
