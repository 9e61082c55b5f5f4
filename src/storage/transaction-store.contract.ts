/**
 * The one behaviour suite every TransactionStore implementation must pass. A test file calls
 * `transactionStoreContract(name, makeStore)`; makeStore must return a store over fresh, empty
 * storage each time it is called.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DuplicateTransactionError, InvalidQueryError, InvalidTransactionError, TransactionNotFoundError } from './errors';
import type {
  TransactionEvent,
  TransactionFilter,
  TransactionRecord,
  TransactionStatus,
  TransactionStore,
} from './interfaces/TransactionStore';

export interface ContractStoreOptions {
  maxRecords?: number;
}

export type MakeTransactionStore = (options?: ContractStoreOptions) => TransactionStore;

const T0 = 1_700_000_000_000;

export function txRecord(clientTxRef: string, timestamp: number, extra: Partial<TransactionRecord> = {}): TransactionRecord {
  return {
    clientTxRef,
    timestamp,
    protocol: 'http',
    method: 'GET',
    urlOrTarget: `http://127.0.0.1:8402/echo?ref=${clientTxRef}`,
    stream: false,
    status: 'pending',
    ...extra,
  };
}

/** Independent oracle for list(): filter and sort the plain way. */
function expectedRefs(all: TransactionRecord[], f: TransactionFilter): string[] {
  return all
    .filter(
      (r) =>
        (f.status === undefined || r.status === f.status) &&
        (f.channelId === undefined || r.channelId === f.channelId) &&
        (f.protocol === undefined || r.protocol === f.protocol) &&
        (f.since === undefined || r.timestamp >= f.since) &&
        (f.until === undefined || r.timestamp <= f.until),
    )
    .sort((a, b) => b.timestamp - a.timestamp || (a.clientTxRef < b.clientTxRef ? 1 : -1))
    .map((r) => r.clientTxRef);
}

const refs = (items: TransactionRecord[]) => items.map((r) => r.clientTxRef);

export function transactionStoreContract(name: string, make: MakeTransactionStore): void {
  describe(`TransactionStore contract: ${name}`, () => {
    const open: TransactionStore[] = [];
    const newStore = (options?: ContractStoreOptions) => {
      const store = make(options);
      open.push(store);
      return store;
    };
    afterEach(async () => {
      await Promise.all(open.splice(0).map((s) => s.close()));
    });

    describe('create and get', () => {
      it('round-trips a record, bigint payment included, as a copy', async () => {
        const store = newStore();
        const record = txRecord('a', T0, {
          status: 'paid',
          channelId: '0xvendor',
          headersSummary: { 'content-type': 'application/json' },
          payment: { cost: 2n ** 70n, costUsd: 15n, nonce: 2n ** 64n - 1n, serviceTxRef: 's1', paidAt: '2024-01-01T00:00:00Z' },
          meta: { attempts: [1, 2] },
        });
        await store.create(record);
        record.status = 'error'; // the caller's object is not the stored one
        const got = await store.get('a');
        expect(got).toEqual({ ...record, status: 'paid' });
        expect(typeof got?.payment?.cost).toBe('bigint');
        expect(got?.payment?.cost).toBe(2n ** 70n);
        got!.status = 'free';
        expect((await store.get('a'))?.status).toBe('paid');
      });

      it('returns null for an unknown clientTxRef', async () => {
        expect(await newStore().get('nope')).toBeNull();
      });

      it('rejects a duplicate clientTxRef with a typed error and keeps the original', async () => {
        const store = newStore();
        await store.create(txRecord('dup', T0, { status: 'paid' }));
        const error = await store.create(txRecord('dup', T0 + 5)).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(DuplicateTransactionError);
        expect((error as DuplicateTransactionError).code).toBe('duplicate_tx_ref');
        expect(await store.get('dup')).toMatchObject({ status: 'paid', timestamp: T0 });
        expect((await store.list()).total).toBe(1);
      });

      it.each([
        ['empty clientTxRef', { clientTxRef: '' }],
        ['unknown status', { status: 'done' }],
        ['unknown protocol', { protocol: 'ftp' }],
        ['NaN timestamp', { timestamp: Number.NaN }],
        ['cost as a float', { payment: { cost: 1.5, costUsd: 0n, nonce: 1n, paidAt: 'x' } }],
        ['a function in meta', { meta: { f: () => 1 } }],
      ])('rejects a record with %s', async (_label, bad) => {
        const store = newStore();
        const record = { ...txRecord('bad', T0), ...bad } as unknown as TransactionRecord;
        await expect(store.create(record)).rejects.toBeInstanceOf(InvalidTransactionError);
        expect((await store.list()).total).toBe(0);
      });
    });

    describe('createMany', () => {
      it('inserts a batch that list() then pages through', async () => {
        const store = newStore();
        await store.createMany(Array.from({ length: 120 }, (_, i) => txRecord(`r${String(i).padStart(3, '0')}`, T0 + i)));
        const page = await store.list({}, { offset: 0, limit: 10 });
        expect(page.total).toBe(120);
        expect(refs(page.items)).toEqual(Array.from({ length: 10 }, (_, i) => `r${119 - i}`));
      });

      it('is all or nothing: a duplicate inside the batch or against the store stores nothing', async () => {
        const store = newStore();
        await store.create(txRecord('old', T0));
        await expect(store.createMany([txRecord('n1', T0 + 1), txRecord('n1', T0 + 2)])).rejects.toBeInstanceOf(
          DuplicateTransactionError,
        );
        await expect(store.createMany([txRecord('n2', T0 + 1), txRecord('old', T0 + 2)])).rejects.toBeInstanceOf(
          DuplicateTransactionError,
        );
        expect(refs((await store.list()).items)).toEqual(['old']);
      });
    });

    describe('update', () => {
      it('merges fields and keeps the rest', async () => {
        const store = newStore();
        await store.create(txRecord('u', T0, { channelId: 'c1' }));
        await store.update('u', { status: 'paid', statusCode: 200, payment: { cost: 7n, costUsd: 0n, nonce: 3n, paidAt: 'now' } });
        expect(await store.get('u')).toMatchObject({ channelId: 'c1', status: 'paid', statusCode: 200, payment: { cost: 7n } });
        expect((await store.list({ status: 'paid' })).total).toBe(1);
        expect((await store.list({ status: 'pending' })).total).toBe(0);
      });

      it('rejects a missing record with a typed error', async () => {
        const error = await newStore()
          .update('ghost', { status: 'paid' })
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(TransactionNotFoundError);
        expect((error as TransactionNotFoundError).code).toBe('tx_not_found');
      });

      it('refuses to change the key or to store an invalid field, leaving the record as it was', async () => {
        const store = newStore();
        await store.create(txRecord('k', T0));
        await expect(store.update('k', { clientTxRef: 'other' })).rejects.toBeInstanceOf(InvalidTransactionError);
        await expect(store.update('k', { status: 'nope' as TransactionStatus })).rejects.toBeInstanceOf(InvalidTransactionError);
        expect(await store.get('k')).toEqual(txRecord('k', T0));
        expect(await store.get('other')).toBeNull();
      });

      it('keeps every field of 50 concurrent updates to one record', async () => {
        const store = newStore();
        await store.create(txRecord('c', T0));
        const real: Partial<TransactionRecord>[] = [
          { status: 'paid' },
          { statusCode: 200 },
          { durationMs: 12 },
          { channelId: 'vendor' },
          { vmIdFragment: 'key-1' },
          { assetId: 'usdc' },
          { operation: 'GET:/echo' },
          { requestBodyHash: 'ab' },
          { payment: { cost: 9n, costUsd: 1n, nonce: 4n, paidAt: 'p' } },
          { errorCode: 'NONE' },
        ];
        // Fields beyond the record type stand in for more distinct fields: the merge must keep them all.
        const extra = Array.from({ length: 40 }, (_, i) => ({ [`note${i}`]: i }) as Partial<TransactionRecord>);
        await Promise.all([...real, ...extra].map((u) => store.update('c', u)));
        const got = (await store.get('c')) as unknown as Record<string, unknown>;
        for (const u of [...real, ...extra]) expect(got).toMatchObject(u);
      });

      it('moves a record in list order when its timestamp changes', async () => {
        const store = newStore();
        await store.createMany([txRecord('x', T0), txRecord('y', T0 + 1)]);
        await store.update('x', { timestamp: T0 + 2 });
        expect(refs((await store.list()).items)).toEqual(['x', 'y']);
      });
    });

    describe('list', () => {
      it('orders newest first and breaks timestamp ties by clientTxRef, descending', async () => {
        const store = newStore();
        await store.createMany([
          txRecord('b', T0),
          txRecord('d', T0 + 1),
          txRecord('a', T0),
          txRecord('c', T0),
          txRecord('e', T0 - 1),
        ]);
        expect(refs((await store.list()).items)).toEqual(['d', 'c', 'b', 'a', 'e']);
        expect(refs((await store.list({}, { offset: 1, limit: 2 })).items)).toEqual(['c', 'b']);
      });

      it('pages at the edges with an exact total and hasMore', async () => {
        const store = newStore();
        await store.createMany(Array.from({ length: 7 }, (_, i) => txRecord(`p${i}`, T0 + i)));
        const page = (offset: number, limit: number) => store.list({}, { offset, limit });
        expect(await page(0, 3)).toMatchObject({ total: 7, hasMore: true });
        expect(refs((await page(0, 3)).items)).toEqual(['p6', 'p5', 'p4']);
        expect(refs((await page(3, 3)).items)).toEqual(['p3', 'p2', 'p1']);
        expect((await page(3, 3)).hasMore).toBe(true);
        const last = await page(6, 3);
        expect(last).toMatchObject({ total: 7, hasMore: false });
        expect(refs(last.items)).toEqual(['p0']);
        expect(await page(7, 3)).toEqual({ items: [], total: 7, hasMore: false });
        expect(await page(50, 3)).toEqual({ items: [], total: 7, hasMore: false });
        expect(await page(0, 0)).toEqual({ items: [], total: 7, hasMore: true });
        expect(refs((await page(0, 1)).items)).toEqual(['p6']);
        expect((await page(4, 3)).hasMore).toBe(false);
        expect(await newStore().list()).toEqual({ items: [], total: 0, hasMore: false });
      });

      it('defaults to a page of 50 while total counts them all', async () => {
        const store = newStore();
        await store.createMany(Array.from({ length: 60 }, (_, i) => txRecord(`d${i}`, T0 + i)));
        const page = await store.list();
        expect(page.items).toHaveLength(50);
        expect(page).toMatchObject({ total: 60, hasMore: true });
      });

      it('rejects a malformed page or filter with a typed error', async () => {
        const store = newStore();
        for (const bad of [{ offset: -1 }, { limit: -5 }, { limit: 1.5 }]) {
          await expect(store.list({}, bad)).rejects.toBeInstanceOf(InvalidQueryError);
        }
        await expect(store.list({ status: 'nope' as TransactionStatus })).rejects.toBeInstanceOf(InvalidQueryError);
        await expect(store.list({ since: Number.NaN })).rejects.toBeInstanceOf(InvalidQueryError);
      });

      describe('filters', () => {
        const statuses: TransactionStatus[] = ['pending', 'free', 'paid', 'error'];
        const protocols = ['http', 'mcp', 'other'] as const;
        // 60 records; timestamps repeat so ties sit on the range bounds; every 4th has no channel.
        const dataset = Array.from({ length: 60 }, (_, i) =>
          txRecord(`f${String(i).padStart(2, '0')}`, T0 + Math.floor(i / 2) * 10, {
            status: statuses[(i * 7) % 4]!,
            protocol: protocols[i % 3]!,
            ...(i % 4 === 3 ? {} : { channelId: `ch${i % 2}` }),
          }),
        );
        const singles: TransactionFilter[] = [{}, { status: 'paid' }, { channelId: 'ch1' }, { protocol: 'mcp' }];
        const ranges: TransactionFilter[] = [{}, { since: T0 + 50 }, { until: T0 + 200 }, { since: T0 + 50, until: T0 + 200 }];
        const combos: TransactionFilter[] = [
          { status: 'error', channelId: 'ch0' },
          { status: 'error', channelId: 'ch1', since: T0 + 40, until: T0 + 260 },
          { status: 'paid', channelId: 'ch0' },
          { channelId: 'ch0', protocol: 'mcp' },
          { channelId: 'ch1', protocol: 'http', until: T0 + 200 },
          { status: 'paid', protocol: 'http', since: T0 + 30 },
          { status: 'error', protocol: 'other' },
          { channelId: 'ch1', protocol: 'other', status: 'free', until: T0 + 250 },
          { channelId: 'ch0', protocol: 'mcp', status: 'paid', since: T0 + 50 },
          { channelId: 'nobody' },
          { since: T0 + 100, until: T0 + 50 },
          { status: 'pending', since: T0 + 290, until: T0 + 290 },
        ];
        const cases = [...singles.flatMap((s) => ranges.map((r) => ({ ...s, ...r }))), ...combos];

        it.each(cases.map((f) => [JSON.stringify(f), f] as const))('%s matches the plain filter, page by page', async (_l, filter) => {
          const store = newStore();
          await store.createMany(dataset);
          const expected = expectedRefs(dataset, filter);
          const all = await store.list(filter, { limit: 1000 });
          expect(refs(all.items)).toEqual(expected);
          expect(all).toMatchObject({ total: expected.length, hasMore: false });
          const page = await store.list(filter, { offset: 2, limit: 3 });
          expect(refs(page.items)).toEqual(expected.slice(2, 5));
          expect(page.total).toBe(expected.length);
          expect(page.hasMore).toBe(expected.length > 5);
        });
      });
    });

    describe('size cap', () => {
      it('evicts the oldest records by timestamp beyond maxRecords', async () => {
        const store = newStore({ maxRecords: 5 });
        const order = [3, 0, 6, 2, 5, 1, 4];
        for (const i of order) await store.create(txRecord(`e${i}`, T0 + i));
        const page = await store.list();
        expect(page.total).toBe(5);
        expect(refs(page.items)).toEqual(['e6', 'e5', 'e4', 'e3', 'e2']);
        expect(await store.get('e0')).toBeNull();
        await store.createMany([txRecord('n1', T0 + 10), txRecord('n2', T0 + 11)]);
        expect(refs((await store.list()).items)).toEqual(['n2', 'n1', 'e6', 'e5', 'e4']);
      });

      it('does not keep a new record older than a full store, nor announce it', async () => {
        const store = newStore({ maxRecords: 2 });
        await store.createMany([txRecord('a', T0 + 1), txRecord('b', T0 + 2)]);
        const events: TransactionEvent[] = [];
        store.subscribe((e) => events.push(e));
        await store.create(txRecord('ancient', T0));
        await store.create(txRecord('fresh', T0 + 3));
        await vi.waitFor(() => expect(events).toHaveLength(3));
        expect(events.map((e) => e.type === 'created' && e.record.clientTxRef)).toEqual(['a', 'b', 'fresh']);
        expect(await store.get('ancient')).toBeNull();
        expect(refs((await store.list()).items)).toEqual(['fresh', 'b']);
      });

      it('counts from zero again after clear()', async () => {
        const store = newStore({ maxRecords: 3 });
        await store.createMany([txRecord('a', T0), txRecord('b', T0 + 1), txRecord('c', T0 + 2)]);
        await store.clear();
        expect(await store.list()).toEqual({ items: [], total: 0, hasMore: false });
        await store.createMany([txRecord('x', T0), txRecord('y', T0 + 1), txRecord('z', T0 + 2)]);
        expect((await store.list()).total).toBe(3);
      });
    });

    describe('subscribe', () => {
      it('delivers created, updated and cleared in order, with bigints intact', async () => {
        const store = newStore();
        const events: TransactionEvent[] = [];
        store.subscribe((e) => events.push(e));
        await store.create(txRecord('s', T0));
        await store.update('s', { status: 'paid', payment: { cost: 5n, costUsd: 0n, nonce: 1n, paidAt: 'p' } });
        await store.clear();
        await vi.waitFor(() => expect(events).toHaveLength(3));
        expect(events.map((e) => e.type)).toEqual(['created', 'updated', 'cleared']);
        expect(events[1]).toMatchObject({ record: { clientTxRef: 's', status: 'paid', payment: { cost: 5n } } });
      });

      it('stops delivering after unsubscribe, and a throwing subscriber does not starve others', async () => {
        const store = newStore();
        const stopped: TransactionEvent[] = [];
        const witness: TransactionEvent[] = [];
        const unsubscribe = store.subscribe((e) => stopped.push(e));
        const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
        store.subscribe(() => {
          throw new Error('listener bug');
        });
        store.subscribe((e) => witness.push(e));
        unsubscribe();
        await store.create(txRecord('w', T0));
        await vi.waitFor(() => expect(witness).toHaveLength(1));
        expect(stopped).toEqual([]);
        expect(consoleError).toHaveBeenCalled();
        consoleError.mockRestore();
      });
    });

    it('refuses work after close() with store_closed', async () => {
      const store = newStore();
      await store.close();
      await expect(store.get('a')).rejects.toMatchObject({ code: 'store_closed' });
      await expect(store.create(txRecord('a', T0))).rejects.toMatchObject({ code: 'store_closed' });
    });
  });
}
