import type { TransactionFilter, TransactionPage, TransactionRecord } from '../interfaces/TransactionStore';
import { matchesFilter, type NormalizedQuery } from '../query';
import type { TransactionScope } from './run-transaction';
import { ALL_INDICES, META_STORE, RECORD_COUNT_KEY, TX_STORE, type IndexSpec } from './schema';

interface IndexRange {
  index: string;
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
 * Queues the reads for one page in `scope.tx` (readonly, so count and page see one snapshot).
 *
 * One index range (no filter, or an index for exactly the equality filters; any since/until):
 * count() the range (or, with no filter at all, read the maintained record count) for `total`,
 * then a 'prev' cursor advance()s past `offset` and reads only `limit` values. count() over the
 * index range is the cheapest exact total IndexedDB offers (keys only, never values); a later page
 * pays it again because any write, from any context, may have changed it.
 *
 * Several candidate ranges (status, vendor and protocol all at once): count each, read the
 * smallest one with a single getAll() and test the third field in JS. That reads the smallest
 * pair range in full (needed for an exact total) but never the whole store, and the size cap
 * bounds it; one getAll() is far cheaper than a cursor step per record. Any one or two equality
 * filters never take this path.
 */
export function queuePageRead(scope: TransactionScope, q: NormalizedQuery, KeyRange: typeof IDBKeyRange): () => TransactionPage {
  const page: TransactionPage = { items: [], total: 0, hasMore: false };
  const finish = () => ({ ...page, hasMore: q.offset + page.items.length < page.total });
  if (q.empty) return finish;
  const store = scope.tx.objectStore(TX_STORE);
  const ranges = candidateRanges(q.filter, KeyRange);
  if (ranges.length === 1) {
    const { index, range } = ranges[0]!;
    // Unfiltered: the maintained record count is the total, sparing a count() over every key.
    const count = range ? store.index(index).count(range) : scope.tx.objectStore(META_STORE).get(RECORD_COUNT_KEY);
    count.onsuccess = () => {
      page.total = count.result as number;
      if (q.limit > 0 && q.offset < page.total) readSlice(store.index(index), range, q, page.items);
    };
    return finish;
  }
  const counts = ranges.map(({ index, range }) => store.index(index).count(range));
  // Requests complete in order, so the last count's success means all counts are in.
  counts[counts.length - 1]!.onsuccess = () => {
    let best = 0;
    counts.forEach((c, i) => {
      if (c.result < counts[best]!.result) best = i;
    });
    const { index, range } = ranges[best]!;
    scanFiltered(store.index(index), range, q, page);
  };
  return finish;
}

function readSlice(index: IDBIndex, range: IDBKeyRange | undefined, q: NormalizedQuery, items: TransactionRecord[]): void {
  const request = index.openCursor(range, 'prev');
  let skipped = q.offset === 0;
  request.onsuccess = () => {
    const cursor = request.result;
    if (!cursor) return;
    if (!skipped) {
      skipped = true;
      cursor.advance(q.offset);
      return;
    }
    items.push(cursor.value as TransactionRecord);
    if (items.length < q.limit) cursor.continue();
  };
}

function scanFiltered(index: IDBIndex, range: IDBKeyRange | undefined, q: NormalizedQuery, page: TransactionPage): void {
  const request = index.getAll(range);
  request.onsuccess = () => {
    // getAll returns ascending (index key, then primary key): reversed, exactly a 'prev' cursor's order.
    const matches = (request.result as TransactionRecord[]).filter((r) => matchesFilter(r, q.filter)).reverse();
    page.total = matches.length;
    page.items.push(...matches.slice(q.offset, q.offset + q.limit));
  };
}
