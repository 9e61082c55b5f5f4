import { describe, expect, it } from 'vitest';
import { MemoryTransactionStore } from '../../storage';
import type { Pagination, TransactionFilter } from '../../storage/interfaces/TransactionStore';
import { transactionRecords } from '../test/fixtures';
import { ExportCancelled, exportFileName, exportTransactions } from './export';

const NOW = Date.UTC(2026, 10, 24, 12);

async function seeded(count: number) {
  const store = new MemoryTransactionStore({ maxRecords: 100_000 });
  await store.createMany(transactionRecords(count, NOW));
  const calls: { filter: TransactionFilter; pagination: Pagination }[] = [];
  const spy = {
    list: (filter?: TransactionFilter, pagination?: Pagination) => {
      calls.push({ filter: filter ?? {}, pagination: pagination ?? {} });
      return store.list(filter, pagination);
    },
  };
  return { store, spy, calls };
}

describe('exportTransactions', () => {
  it('reads page by page, never more than pageSize at once, and writes every filtered record once', async () => {
    const { spy, calls } = await seeded(1_050);
    const blob = await exportTransactions(spy, { status: 'paid' }, 'csv', { pageSize: 100, now: NOW });
    const lines = (await blob.text()).split('\r\n').filter(Boolean);
    const paid = transactionRecords(1_050, NOW).filter((r) => r.status === 'paid');
    expect(lines).toHaveLength(paid.length + 1);
    expect(lines[0]).toMatch(/^timestamp,clientTxRef,/);
    expect(lines.slice(1).map((line) => line.split(',')[1])).toEqual(paid.map((r) => r.clientTxRef));
    expect(calls.every((c) => c.pagination.limit === 100)).toBe(true);
    expect(calls.length).toBe(Math.ceil(paid.length / 100));
    expect(blob.type).toMatch(/text\/csv/);
  });

  it('pins the upper bound so records created during the export do not shift pages', async () => {
    const { store, spy, calls } = await seeded(30);
    const later = transactionRecords(1, NOW + 60_000)[0]!;
    const blob = await exportTransactions(
      {
        list: async (filter, pagination) => {
          if (pagination?.offset === 10) await store.create({ ...later, clientTxRef: 'created-meanwhile' });
          return spy.list(filter, pagination);
        },
      },
      {},
      'json',
      { pageSize: 10, now: NOW },
    );
    const records = JSON.parse(await blob.text()) as { clientTxRef: string }[];
    expect(records.map((r) => r.clientTxRef)).toEqual(transactionRecords(30, NOW).map((r) => r.clientTxRef));
    expect(calls.every((c) => c.filter.until === NOW)).toBe(true);
  });

  it('writes JSON with bigints as decimal strings', async () => {
    const { spy } = await seeded(3);
    const records = JSON.parse(await (await exportTransactions(spy, {}, 'json', { now: NOW })).text());
    expect(records).toHaveLength(3);
    expect(records[0].payment).toMatchObject({ cost: '1000', costUsd: '1000', nonce: '500' });
  });

  it('writes an empty JSON array and a header-only CSV when nothing matches', async () => {
    const { spy } = await seeded(5);
    expect(JSON.parse(await (await exportTransactions(spy, { protocol: 'other' }, 'json', { now: NOW })).text())).toEqual([]);
    expect(await (await exportTransactions(spy, { protocol: 'other' }, 'csv', { now: NOW })).text()).toMatch(/^timestamp,[^\r\n]*\r\n$/);
  });

  it('keeps an earlier explicit until, and reports progress against the total', async () => {
    const { spy, calls } = await seeded(20);
    const progress: [number, number][] = [];
    await exportTransactions(spy, { until: NOW - 5 * 60_000 }, 'csv', { pageSize: 7, now: NOW, onProgress: (d, t) => progress.push([d, t]) });
    expect(calls[0]!.filter.until).toBe(NOW - 5 * 60_000);
    expect(progress).toEqual([[7, 15], [14, 15], [15, 15]]);
  });

  it('stops when cancelled', async () => {
    const { spy } = await seeded(50);
    const controller = new AbortController();
    const run = exportTransactions(spy, {}, 'csv', {
      pageSize: 10,
      now: NOW,
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    await expect(run).rejects.toBeInstanceOf(ExportCancelled);
  });

  it('names files by format and time', () => {
    expect(exportFileName('csv', NOW)).toBe('voucher-wallet-transactions-2026-11-24T12-00-00.csv');
  });
});
