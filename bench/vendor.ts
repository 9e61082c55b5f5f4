import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { MemoryChainOracle } from '../src/engine';
import { openClientStore, type StoreKind } from '../src/engine/sql';
import { createPaywall } from '../src/paywall';
import { toNodeListener } from '../src/paywall/adapters/node-http';
import { encodeVoucherHeader, signVoucher } from '../src/protocol';
import { printRows, row, scaled } from './stats';
import type { BenchRow } from './types';

/**
 * Paid vs unpaid request throughput of the paywall library served by its node:http adapter over
 * loopback HTTP: GET /api/echo behind the paywall with a warm voucher (already stored, signature
 * already verified) against its unpaid twin GET /free/echo on the same server, for the memory
 * store and PGlite on disk. The routes answer like the mock vendor's echo. Each run sends
 * REQUESTS requests, CONCURRENCY at a time; free and paid runs alternate so load drift hits both.
 */
const RUNS = scaled(7, 3);
const REQUESTS = 300;
const CONCURRENCY = 8;
const DOMAIN = { chainId: 31337n, verifyingContract: '0x5FbDB2315678afecb367f032d93F642f64180aa3' } as const;
const PRICES = { atomsPerHour: 3_600_000n, atomsPerGB: 10_000_000n };
const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };

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

function echoBody(request: Request): string {
  return JSON.stringify({ echo: new URL(request.url).searchParams.get('q') ?? '', method: request.method, at: new Date().toISOString() });
}

async function benchStore(store: StoreKind): Promise<BenchRow[]> {
  const dataDir = store === 'pglite' ? await mkdtemp(join(tmpdir(), 'bench-vendor-')) : undefined;
  const opened = await openClientStore(store, dataDir);
  const vendor = privateKeyToAccount(generatePrivateKey()).address;
  const paywall = createPaywall({
    terms: { vendor, domain: DOMAIN, asset: { symbol: 'USDC', decimals: 6 }, prices: PRICES, suggestedVoucherAtoms: 1_000_000n },
    clients: opened.clients,
    oracle: new MemoryChainOracle({ collateral: 10n ** 15n }),
  });
  const listener = toNodeListener((request) => {
    if (request.url.includes('/free/echo')) return new Response(echoBody(request), { headers: JSON_HEADERS });
    const body = echoBody(request);
    return paywall.handle(request, { approxCost: 100n }, () => new Response(body, { headers: JSON_HEADERS }));
  });
  const server = createServer((req, res) => void listener(req, res));
  try {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const client = privateKeyToAccount(generatePrivateKey());
    const header = encodeVoucherHeader([await signVoucher(client, DOMAIN, { vendor, nonce: 0n, atoms: 10n ** 12n })]);
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
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    await opened.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }
}

export async function benchVendor(): Promise<BenchRow[]> {
  return [...(await benchStore('memory')), ...(await benchStore('pglite'))];
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printRows(await benchVendor());
}
