import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Address } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { MemoryChainOracle } from '../src/engine';
import { openClientStore, type OpenedStore, type StoreKind } from '../src/engine/sql';
import { startTestPostgres } from '../src/engine/sql/postgres-cluster';
import { createPaywall } from '../src/paywall';
import { toNodeListener } from '../src/paywall/adapters/node-http';
import { encodeVoucherHeader, signVoucher } from '../src/protocol';
import { printRows, row, scaled } from './stats';
import type { BenchRow } from './types';

/**
 * Paid vs unpaid request throughput of the paywall library served by its node:http adapter over
 * loopback HTTP: GET /api/echo behind the paywall with a warm voucher (already stored, signature
 * already verified) against its unpaid twin GET /free/echo on the same server, for the memory
 * store, PGlite on disk and PostgreSQL (one and two instances). The routes answer like the mock vendor's echo. Each run sends
 * REQUESTS requests, CONCURRENCY at a time; free and paid runs alternate so load drift hits both.
 */
const RUNS = scaled(7, 3);
const REQUESTS = 300;
const CONCURRENCY = 8;
const DOMAIN = { chainId: 31337n, verifyingContract: '0x5FbDB2315678afecb367f032d93F642f64180aa3' } as const;
const PRICES = { atomsPerHour: 3_600_000n, atomsPerGB: 10_000_000n };
const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };

/** Requests per second for REQUESTS calls, CONCURRENCY in flight (lanes); every answer must be 200. */
async function throughput(send: (lane: number) => Promise<number>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, lane) => {
      while (next++ < REQUESTS) {
        const status = await send(lane);
        if (status !== 200) throw new Error(`benchmark request answered ${status}`);
      }
    }),
  );
  return (REQUESTS * 1000) / (performance.now() - started);
}

function echoBody(request: Request): string {
  return JSON.stringify({ echo: new URL(request.url).searchParams.get('q') ?? '', method: request.method, at: new Date().toISOString() });
}

export interface BenchVendorServer {
  url: string;
  vendor: Address;
  close(): Promise<void>;
}

/** The paywall over `clients` on node:http at 127.0.0.1: GET /api/echo paid, GET /free/echo its unpaid twin. */
export async function startBenchVendor(clients: OpenedStore['clients'], vendor: Address): Promise<BenchVendorServer> {
  const paywall = createPaywall({
    terms: { vendor, domain: DOMAIN, asset: { symbol: 'USDC', decimals: 6 }, prices: PRICES, suggestedVoucherAtoms: 1_000_000n },
    clients,
    oracle: new MemoryChainOracle({ collateral: 10n ** 15n }),
  });
  const listener = toNodeListener((request) => {
    if (request.url.includes('/free/echo')) return new Response(echoBody(request), { headers: JSON_HEADERS });
    const body = echoBody(request);
    return paywall.handle(request, { approxCost: 100n }, () => new Response(body, { headers: JSON_HEADERS }));
  });
  const server = createServer((req, res) => void listener(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    vendor,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * A paid and a free request to a bench vendor, for `clients` new clients with one voucher each too
 * large to spend; lane i of the load pays as client i mod `clients`.
 */
async function requestsTo(
  server: { url: string; vendor: Address },
  clients = 1,
): Promise<{ paid: (lane: number) => Promise<number>; free: () => Promise<number> }> {
  const headers = await Promise.all(
    Array.from({ length: clients }, async () =>
      encodeVoucherHeader([await signVoucher(privateKeyToAccount(generatePrivateKey()), DOMAIN, { vendor: server.vendor, nonce: 0n, atoms: 10n ** 12n })]),
    ),
  );
  return {
    free: () => fetch(`${server.url}/free/echo?q=bench`).then(async (r) => (await r.arrayBuffer(), r.status)),
    paid: (lane) =>
      fetch(`${server.url}/api/echo?q=bench`, { headers: { 'x-voucher': headers[lane % clients]! } }).then(async (r) => (await r.arrayBuffer(), r.status)),
  };
}

async function benchStore(store: StoreKind): Promise<BenchRow[]> {
  const dataDir = store === 'pglite' ? await mkdtemp(join(tmpdir(), 'bench-vendor-')) : undefined;
  const opened = await openClientStore(store, dataDir);
  const server = await startBenchVendor(opened.clients, privateKeyToAccount(generatePrivateKey()).address);
  try {
    const { paid, free } = await requestsTo(server);
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
    await server.close();
    await opened.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }
}

/** A bench vendor in its own process (bench/vendor-instance.ts) on PostgreSQL: what a second instance is. */
async function startInstance(databaseUrl: string, privateKey: `0x${string}`): Promise<BenchVendorServer> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./vendor-instance.ts', import.meta.url))], {
    env: { ...process.env, DATABASE_URL: databaseUrl, BENCH_VENDOR_KEY: privateKey },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const line = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench vendor instance exited with ${code}`)));
    createInterface({ input: child.stdout! }).once('line', resolve);
  });
  const { url, vendor } = JSON.parse(line) as { url: string; vendor: Address };
  return {
    url,
    vendor,
    async close() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * Paid req/s on PostgreSQL (a throwaway cluster with fsync on, or DATABASE_URL) with one and
 * with two vendor instances, each its own process with its own clients (one per lane of the
 * load); one and two alternate per run. Skipped, with the reason in the row's name, when no PostgreSQL can be had.
 */
async function benchPostgres(): Promise<BenchRow[]> {
  const postgres = await startTestPostgres({ durable: true });
  if (typeof postgres === 'string') {
    process.stderr.write(`bench: skipping the PostgreSQL rows: ${postgres}\n`);
    return [];
  }
  const key = generatePrivateKey();
  const instances: BenchVendorServer[] = [];
  try {
    instances.push(await startInstance(postgres.url, key), await startInstance(postgres.url, key));
    // One client per lane: on PostgreSQL a client's requests queue on its row lock, so one client
    // would measure that lock (≈ 1 / three round trips), not the instance.
    const clients = await Promise.all(instances.map((instance) => requestsTo(instance, CONCURRENCY)));
    for (const each of clients) await throughput(each.paid); // warm-up: vouchers stored, connections open
    const freeOne: number[] = [];
    const one: number[] = [];
    const two: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      freeOne.push(await throughput(clients[0]!.free));
      one.push(await throughput(clients[0]!.paid));
      // Both at once, REQUESTS each: the rate is all of them over the time the slower took.
      const started = performance.now();
      await Promise.all(clients.map((each) => throughput(each.paid)));
      two.push((2 * REQUESTS * 1000) / (performance.now() - started));
    }
    const ratio = row('vendor postgres: paid / unpaid throughput, one instance', 'ratio', one.map((rate, i) => rate / freeOne[i]!));
    const scaling = row('vendor postgres: two instances / one instance, paid throughput', 'ratio', two.map((rate, i) => rate / one[i]!));
    // The req/s rows carry the targets of the ratios they make (their unpaid twin is in the ratio).
    return [
      { ...row(`vendor postgres: GET /api/echo (paid), one instance, ${CONCURRENCY} clients`, 'req/s', one), target: '≥ 0.50 × unpaid', met: ratio.median >= 0.5 },
      {
        ...row(`vendor postgres: GET /api/echo (paid), two instances on one server, ${CONCURRENCY} distinct clients each (total)`, 'req/s', two),
        target: '> one instance',
        met: scaling.median > 1,
      },
      ratio,
      scaling,
    ];
  } finally {
    for (const instance of instances) await instance.close();
    await postgres.stop();
  }
}

export async function benchVendor(): Promise<BenchRow[]> {
  return [...(await benchStore('memory')), ...(await benchStore('pglite')), ...(await benchPostgres())];
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // `tsx bench/vendor.ts memory|pglite|postgres` runs one store's rows.
  const only = process.argv[2];
  printRows(only === 'postgres' ? await benchPostgres() : only === 'memory' || only === 'pglite' ? await benchStore(only) : await benchVendor());
}
