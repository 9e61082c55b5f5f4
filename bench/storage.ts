import { pathToFileURL } from 'node:url';
import 'fake-indexeddb/auto';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { IndexedDbTransactionStore, MemoryTransactionStore } from '../src/storage';
import type { TransactionFilter, TransactionRecord, TransactionStatus, TransactionStore } from '../src/storage';
import { printRows, row, scaled } from './stats';
import type { BenchRow } from './types';

/**
 * Transaction store figures in Node over fake-indexeddb (a pure-JS IndexedDB) and the memory
 * store. fake-indexeddb has none of Chromium's LevelDB, IPC or structured-clone costs, so these
 * numbers compare query plans and catch regressions; the real figures come from running the same
 * store in Chromium.
 */
const RUNS = 5;
const SIZES = [1_000, 10_000, 100_000] as const;
const SINGLE_OPS = 300;
const T0 = 1_700_000_000_000;
const STATUSES: TransactionStatus[] = ['pending', 'free', 'paid', 'error'];

function records(count: number, prefix = 'r', start = 0): TransactionRecord[] {
  return Array.from({ length: count }, (_, i) => ({
    clientTxRef: `${prefix}${start + i}`,
    timestamp: T0 + (start + i) * 1_000,
    protocol: i % 5 === 0 ? 'mcp' : 'http',
    method: 'POST',
    urlOrTarget: 'http://127.0.0.1:8402/chat/completions',
    operation: 'POST:/chat/completions',
    headersSummary: { 'content-type': 'application/json' },
    requestBodyHash: 'a'.repeat(64),
    stream: i % 3 === 0,
    channelId: `0xvendor${i % 8}`,
    status: STATUSES[i % 4]!,
    statusCode: 200,
    durationMs: 40,
    payment: { cost: BigInt(1_000 + i), costUsd: 0n, nonce: BigInt(start + i), paidAt: '2024-01-01T00:00:00Z' },
  }));
}

const idbStore = (maxRecords = 200_000) =>
  new IndexedDbTransactionStore({ indexedDB: new IDBFactory(), IDBKeyRange, channelName: null, maxRecords });

async function timeMs(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

async function writes(): Promise<BenchRow[]> {
  const create: number[] = [];
  const createMany: number[] = [];
  const update: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const store = idbStore();
    const batch = records(10_000);
    createMany.push(batch.length / ((await timeMs(() => store.createMany(batch))) / 1000));
    const singles = records(SINGLE_OPS, 's', 20_000);
    create.push(SINGLE_OPS / ((await timeMs(async () => { for (const r of singles) await store.create(r); })) / 1000));
    const ms = await timeMs(async () => {
      for (let i = 0; i < SINGLE_OPS; i++) await store.update(`r${i * 7}`, { status: 'paid', statusCode: 201 });
    });
    update.push(SINGLE_OPS / (ms / 1000));
    await store.close();
  }
  return [
    row('idb (fake) create, one at a time, into 10k', 'records/s', create),
    row('idb (fake) createMany, 10k batch', 'records/s', createMany),
    row('idb (fake) update, one at a time, in 10k', 'updates/s', update),
  ];
}

/** The same queries over one store of `size` records. */
async function queries(label: string, store: TransactionStore, size: number): Promise<BenchRow[]> {
  const filtered: TransactionFilter = { status: 'paid', since: T0 + (size / 2) * 1_000 };
  const cases: [string, TransactionFilter, number][] = [
    ['newest 50', {}, 0],
    ['status=paid since mid, page 3 of 50', filtered, 100],
    ['status+channel, newest 50', { status: 'paid', channelId: '0xvendor2' }, 0],
  ];
  const rows: BenchRow[] = [];
  for (const [name, filter, offset] of cases) {
    const samples: number[] = [];
    await store.list(filter, { offset, limit: 50 }); // warm-up
    for (let run = 0; run < RUNS; run++) samples.push(await timeMs(() => store.list(filter, { offset, limit: 50 })));
    rows.push(row(`${label} list ${name} @${size.toLocaleString('en-US')}`, 'ms', samples));
  }
  return rows;
}

async function reads(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const size of SIZES) {
    const data = records(size);
    const idb = idbStore();
    await idb.createMany(data);
    rows.push(...(await queries('idb (fake)', idb, size)));
    await idb.close();
    const memory = new MemoryTransactionStore({ maxRecords: size, channelName: null });
    await memory.createMany(data);
    rows.push(...(await queries('memory', memory, size)));
    await memory.close();
  }
  return rows;
}

export async function benchStorage(): Promise<BenchRow[]> {
  return [...(await writes()), ...(await reads())];
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printRows(await benchStorage());
}
