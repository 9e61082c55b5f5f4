import type { Page } from '@playwright/test';
import { row, scaled } from '../stats';
import type { BenchRow } from '../types';
import type { Browsers } from './browsers';
import type { StaticServer } from './static-server';

/**
 * The transaction store (src/storage, bundled as is) on Chromium's real IndexedDB, in an ordinary
 * page of the bench origin of the profile without the extension. Writes: createMany in batches
 * of 5k, then create and update one record at a time (one transaction each) into a 10k store.
 * Reads: the newest 50, a filtered page (status=paid since the middle, page 3) and
 * status+vendor newest 50, at 1k, 10k and 100k records, timed in the page.
 */
const RUNS = scaled(7, 3);
const SIZES = scaled([1_000, 10_000, 100_000], [1_000, 10_000]);
const SINGLE_OPS = scaled(300, 100);
const WRITE_SEED = 10_000;

type Kit = {
  benchStore: {
    openStore(name: string, channel?: string | null, max?: number): unknown;
    seed(store: unknown, start: number, count: number, newest: number): Promise<number>;
    writeOps(store: unknown, ops: number, newest: number, prefix: string): Promise<{ createPerSecond: number; updatePerSecond: number }>;
    listMs(store: unknown, filter: object, offset: number): Promise<number>;
    deleteDatabase(name: string): Promise<void>;
  };
  benchDb?: unknown;
};

async function writes(page: Page): Promise<BenchRow[]> {
  const createMany: number[] = [];
  const create: number[] = [];
  const update: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const result = await page.evaluate(
      async ({ run, seedCount, ops }) => {
        const kit = (window as unknown as Kit).benchStore;
        const name = `bench-writes-${run}`;
        const store = kit.openStore(name) as { close(): Promise<void> };
        const newest = Date.now();
        const seedMs = await kit.seed(store, 0, seedCount, newest);
        const singles = await kit.writeOps(store, ops, newest, `single-${run}-`);
        await store.close();
        await kit.deleteDatabase(name);
        return { createManyPerSecond: (seedCount * 1000) / seedMs, ...singles };
      },
      { run, seedCount: WRITE_SEED, ops: SINGLE_OPS },
    );
    createMany.push(result.createManyPerSecond);
    create.push(result.createPerSecond);
    update.push(result.updatePerSecond);
  }
  return [
    row(`IndexedDB createMany, ${WRITE_SEED.toLocaleString('en-US')} in batches of 5k`, 'records/s', createMany),
    row(`IndexedDB create, one at a time, into ${WRITE_SEED.toLocaleString('en-US')}`, 'records/s', create),
    row(`IndexedDB update, one at a time, in ${WRITE_SEED.toLocaleString('en-US')}`, 'updates/s', update),
  ];
}

async function reads(page: Page): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const newest = Date.now();
  await page.evaluate(async () => {
    const kit = window as unknown as Kit;
    await kit.benchStore.deleteDatabase('bench-reads');
    kit.benchDb = kit.benchStore.openStore('bench-reads');
  });
  let held = 0;
  for (const size of SIZES) {
    await page.evaluate(
      ({ start, count, newest }) => {
        const kit = window as unknown as Kit;
        return kit.benchStore.seed(kit.benchDb, start, count, newest);
      },
      { start: held, count: size - held, newest },
    );
    held = size;
    // Let IndexedDB's background compaction after the bulk insert finish before timing reads.
    await page.waitForTimeout(1_000);
    // Records are one second apart ending at `newest`, numbered 0…size-1 oldest first.
    const middle = newest - (200_000 - size / 2) * 1_000;
    const cases: [string, object, number][] = [
      ['newest 50', {}, 0],
      ['status=paid since middle, page 3 of 50', { status: 'paid', since: middle }, 100],
      ['status+vendor, newest 50', { status: 'paid', channelId: `0x${'0'.repeat(39)}2` }, 0],
    ];
    for (const [name, filter, offset] of cases) {
      const samples = await page.evaluate(
        async ({ filter, offset, runs }) => {
          const kit = window as unknown as Kit;
          await kit.benchStore.listMs(kit.benchDb, filter, offset); // warm-up
          const out: number[] = [];
          for (let run = 0; run < runs; run++) out.push(await kit.benchStore.listMs(kit.benchDb, filter, offset));
          return out;
        },
        { filter, offset, runs: RUNS },
      );
      rows.push(row(`IndexedDB list ${name} @${size.toLocaleString('en-US')}`, 'ms', samples));
    }
  }
  await page.evaluate(async () => {
    const kit = window as unknown as Kit;
    await (kit.benchDb as { close(): Promise<void> }).close();
    await kit.benchStore.deleteDatabase('bench-reads');
  });
  return rows;
}

export async function benchIdbStore(browsers: Browsers, site: StaticServer): Promise<BenchRow[]> {
  const page = await browsers.plainContext.newPage();
  try {
    await page.goto(site.pageUrl('store'));
    return [...(await writes(page)), ...(await reads(page))];
  } finally {
    await page.close();
  }
}
