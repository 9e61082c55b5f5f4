import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { StoreKind } from '../src/engine/sql/open-store';
import { startVendor, type RunningVendor } from '../src/mock-vendor/server';
import { VoucherClient } from '../src/mock-vendor/testing/voucher-client';
import { printRows, row, scaled } from './stats';
import type { BenchRow } from './types';

/**
 * Paid vs unpaid request throughput of the mock vendor over loopback HTTP: GET /api/echo with a
 * warm voucher (already stored, signature already verified) against its unpaid twin
 * GET /free/echo on the same server, for the memory store and PGlite on disk. Each run sends
 * REQUESTS requests, CONCURRENCY at a time; free and paid runs alternate so load drift hits both.
 */
const RUNS = scaled(7, 3);
const REQUESTS = 300;
const CONCURRENCY = 8;

/** Requests per second for REQUESTS calls, CONCURRENCY in flight; every answer must be 200. */
async function throughput(send: () => Promise<number>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next++ < REQUESTS) {
        const status = await send();
        if (status !== 200) throw new Error(`benchmark request answered ${status}`);
      }
    }),
  );
  return (REQUESTS * 1000) / (performance.now() - started);
}

async function benchStore(store: StoreKind): Promise<BenchRow[]> {
  const dataDir = store === 'pglite' ? await mkdtemp(join(tmpdir(), 'bench-vendor-')) : undefined;
  let vendor: RunningVendor | undefined;
  try {
    vendor = await startVendor({ port: 0, store, ...(dataDir ? { dataDir } : {}), oracle: { demoCollateral: 10n ** 15n } });
    const client = new VoucherClient(vendor);
    const header = client.header(await client.sign(0n, 10n ** 12n));
    const url = vendor.url;
    const free = () => fetch(`${url}/free/echo?q=bench`).then(async (r) => (await r.arrayBuffer(), r.status));
    const paid = () =>
      fetch(`${url}/api/echo?q=bench`, { headers: { 'x-voucher': header } }).then(async (r) => (await r.arrayBuffer(), r.status));
    // Warm-up: the voucher is stored and its signature cached; connections are open.
    await throughput(paid);
    await throughput(free);
    const freeRates: number[] = [];
    const paidRates: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      freeRates.push(await throughput(free));
      paidRates.push(await throughput(paid));
    }
    return [
      row(`vendor ${store}: GET /free/echo (unpaid)`, 'req/s', freeRates),
      row(`vendor ${store}: GET /api/echo (paid, warm voucher)`, 'req/s', paidRates),
      row(`vendor ${store}: paid / unpaid throughput`, 'ratio', paidRates.map((rate, i) => rate / freeRates[i]!)),
    ];
  } finally {
    await vendor?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }
}

export async function benchVendor(): Promise<BenchRow[]> {
  return [...(await benchStore('memory')), ...(await benchStore('pglite'))];
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printRows(await benchVendor());
}
