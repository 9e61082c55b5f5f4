import { checkMaxRecords, DEFAULT_MEMORY_MAX_RECORDS } from '../config';
import { DuplicateTransactionError, TransactionNotFoundError, TransactionStoreError } from '../errors';
import { TransactionEventHub, type TransactionEventHubOptions } from '../events';
import type {
  Pagination,
  TransactionEvent,
  TransactionFilter,
  TransactionPage,
  TransactionRecord,
  TransactionStore,
} from '../interfaces/TransactionStore';
import { compareNewestFirst, matchesFilter, normalizeQuery } from '../query';
import { applyUpdates, assertValidRecord, cloneRecord } from '../record';

const BULK_SORT_THRESHOLD = 64;

export interface MemoryTransactionStoreOptions extends TransactionEventHubOptions {
  /** Oldest records (by timestamp) are evicted beyond this; default 500. */
  maxRecords?: number;
}

/**
 * Bounded in-memory store for tests, Node and contexts without IndexedDB. Records are kept
 * sorted newest first, so eviction pops the tail and a page is a scan that stops counting only
 * at the end: `total` and `hasMore` are exact (the seed's version stopped at offset + limit, so
 * hasMore was always false). Every mutation happens synchronously inside the call, so
 * concurrent updates cannot interleave.
 */
export class MemoryTransactionStore implements TransactionStore {
  private readonly byRef = new Map<string, TransactionRecord>();
  private newestFirst: TransactionRecord[] = [];
  private readonly maxRecords: number;
  private readonly hub: TransactionEventHub;
  private closed = false;

  constructor(options: MemoryTransactionStoreOptions = {}) {
    this.maxRecords = checkMaxRecords(options.maxRecords, DEFAULT_MEMORY_MAX_RECORDS);
    this.hub = new TransactionEventHub(options);
  }

  async create(record: TransactionRecord): Promise<void> {
    await this.createMany([record]);
  }

  async createMany(records: readonly TransactionRecord[]): Promise<void> {
    this.assertOpen();
    // Validate and copy everything first: the batch is all or nothing.
    const copies = records.map((r) => {
      assertValidRecord(r);
      return cloneRecord(r);
    });
    const seen = new Set<string>();
    for (const r of copies) {
      if (this.byRef.has(r.clientTxRef) || seen.has(r.clientTxRef)) throw new DuplicateTransactionError(r.clientTxRef);
      seen.add(r.clientTxRef);
    }
    if (copies.length > BULK_SORT_THRESHOLD) {
      // One sort beats a splice per record (quadratic when a bulk load arrives oldest first).
      for (const r of copies) {
        this.newestFirst.push(r);
        this.byRef.set(r.clientTxRef, r);
      }
      this.newestFirst.sort(compareNewestFirst);
    } else {
      for (const r of copies) this.insert(r);
    }
    const evicted = this.evictOldest();
    const events: TransactionEvent[] = copies
      .filter((r) => !evicted.has(r.clientTxRef))
      .map((r) => ({ type: 'created', record: cloneRecord(r) }));
    this.hub.emit(events);
  }

  async update(clientTxRef: string, updates: Partial<TransactionRecord>): Promise<void> {
    this.assertOpen();
    const existing = this.byRef.get(clientTxRef);
    if (!existing) throw new TransactionNotFoundError(clientTxRef);
    const merged = cloneRecord(applyUpdates(existing, updates));
    this.newestFirst.splice(this.indexOf(existing), 1);
    this.insert(merged);
    this.hub.emit([{ type: 'updated', record: cloneRecord(merged) }]);
  }

  async get(clientTxRef: string): Promise<TransactionRecord | null> {
    this.assertOpen();
    const record = this.byRef.get(clientTxRef);
    return record ? cloneRecord(record) : null;
  }

  async list(filter?: TransactionFilter, pagination?: Pagination): Promise<TransactionPage> {
    this.assertOpen();
    const q = normalizeQuery(filter, pagination);
    const items: TransactionRecord[] = [];
    let total = 0;
    const unfiltered = Object.values(q.filter).every((v) => v === undefined);
    if (unfiltered) {
      total = this.newestFirst.length;
      for (const record of this.newestFirst.slice(q.offset, q.offset + q.limit)) items.push(cloneRecord(record));
    } else if (!q.empty) {
      for (const record of this.newestFirst) {
        if (!matchesFilter(record, q.filter)) continue;
        if (total >= q.offset && items.length < q.limit) items.push(cloneRecord(record));
        total++;
      }
    }
    return { items, total, hasMore: q.offset + items.length < total };
  }

  async clear(): Promise<void> {
    this.assertOpen();
    this.byRef.clear();
    this.newestFirst = [];
    this.hub.emit([{ type: 'cleared' }]);
  }

  subscribe(cb: (event: TransactionEvent) => void): () => void {
    return this.hub.subscribe(cb);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.hub.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new TransactionStoreError('store_closed', 'transaction store is closed');
  }

  private insert(record: TransactionRecord): void {
    this.newestFirst.splice(this.indexOf(record), 0, record);
    this.byRef.set(record.clientTxRef, record);
  }

  /** Binary search: position of `record` in list order (where it is, or where it belongs). */
  private indexOf(record: TransactionRecord): number {
    let lo = 0;
    let hi = this.newestFirst.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareNewestFirst(this.newestFirst[mid]!, record) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private evictOldest(): Set<string> {
    const evicted = new Set<string>();
    while (this.newestFirst.length > this.maxRecords) {
      const oldest = this.newestFirst.pop()!;
      this.byRef.delete(oldest.clientTxRef);
      evicted.add(oldest.clientTxRef);
    }
    return evicted;
  }
}
