import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SignedVoucher } from '../src/protocol';
import { Engine, MemoryChainOracle, MemoryClientStore, VerifiedVoucherCache } from '../src/engine';
import { DOMAIN, PRICES, VENDOR, clientAccount, headerOf, signVouchers } from '../src/engine/test-fixtures';
import type { ClientStore } from '../src/engine/ports';
import { openClientStore } from '../src/engine/sql';
import { nativeForTests } from '../src/engine/test-native-secp256k1';
import { printRows, rate, row, scaled } from './stats';
import type { BenchRow } from './types';

/**
 * Engine throughput over the memory store and PGlite on disk (the mock vendor's default store):
 * acceptQuery + settleQuery pairs, and voucher signature
 * verification cold (first sight: one elliptic-curve recovery) and warm (cached). Each figure is
 * the median of RUNS measurements.
 */
const RUNS = scaled(7, 3);
const PAIRS_ONE_CLIENT = scaled(5_000, 1_000);
/** Each PGlite pair is two SQL transactions: fewer pairs keep a run near a second. */
const PAIRS_PGLITE = scaled(500, 100);
const SPREAD_CLIENTS = 1_000;
const PAIRS_PER_SPREAD_CLIENT = 5;
const VERIFY_VOUCHERS = 200;
const WARM_ROUNDS = 25;

/** An engine whose clients each hold one voucher too large to be spent during the benchmark. */
async function engineWithClients(
  clientCount: number,
  store: ClientStore = new MemoryClientStore(),
): Promise<{ engine: Engine; clients: `0x${string}`[] }> {
  const oracle = new MemoryChainOracle({ collateral: 10n ** 30n });
  const engine = new Engine({ vendor: VENDOR, domain: DOMAIN, prices: PRICES, clients: store, oracle });
  const accounts = Array.from({ length: clientCount }, (_, index) => clientAccount(1_000 + index));
  const vouchers = await Promise.all(accounts.map(async (account) => (await signVouchers(account, [10n ** 24n]))[0]!));
  for (const voucher of vouchers) await engine.acceptSession(headerOf(voucher));
  return { engine, clients: accounts.map((account) => account.address) };
}

async function pair(engine: Engine, client: `0x${string}`): Promise<void> {
  const decision = await engine.acceptQuery(client, 1_000n);
  if (!decision.accepted) throw new Error('benchmark client ran out of credit');
  await engine.settleQuery(decision.query, { elapsedMs: 3n, bytes: 512n });
}

async function pairsOneClient(): Promise<BenchRow> {
  const { engine, clients } = await engineWithClients(1);
  const client = clients[0]!;
  const samples: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    samples.push(
      await rate(PAIRS_ONE_CLIENT, async () => {
        for (let index = 0; index < PAIRS_ONE_CLIENT; index++) await pair(engine, client);
      }),
    );
  }
  return row('acceptQuery+settleQuery, one client (sequential)', 'pairs/s', samples);
}

async function pairsOneClientPglite(): Promise<BenchRow> {
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-engine-'));
  const opened = await openClientStore('pglite', dataDir);
  try {
    const { engine, clients } = await engineWithClients(1, opened.clients);
    const client = clients[0]!;
    for (let index = 0; index < 20; index++) await pair(engine, client); // warm-up: plans, pages
    const samples: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      samples.push(
        await rate(PAIRS_PGLITE, async () => {
          for (let index = 0; index < PAIRS_PGLITE; index++) await pair(engine, client);
        }),
      );
    }
    return row('acceptQuery+settleQuery, one client, PGlite on disk', 'pairs/s', samples);
  } finally {
    await opened.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function pairsSpread(): Promise<BenchRow> {
  const { engine, clients } = await engineWithClients(SPREAD_CLIENTS);
  const samples: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    // Every client runs its pairs one after another; the clients run concurrently.
    samples.push(
      await rate(SPREAD_CLIENTS * PAIRS_PER_SPREAD_CLIENT, async () => {
        await Promise.all(
          clients.map(async (client) => {
            for (let index = 0; index < PAIRS_PER_SPREAD_CLIENT; index++) await pair(engine, client);
          }),
        );
      }),
    );
  }
  return row(`acceptQuery+settleQuery, ${SPREAD_CLIENTS} clients (concurrent)`, 'pairs/s', samples);
}

async function verification(): Promise<BenchRow[]> {
  const vouchers: SignedVoucher[] = await signVouchers(
    clientAccount(5_000),
    Array.from({ length: VERIFY_VOUCHERS }, (_, index) => BigInt(index + 1)),
  );
  const verifyAll = async (cache: VerifiedVoucherCache, batch: SignedVoucher[]) => {
    for (const voucher of batch) {
      if (!(await cache.isSignedByClient(voucher))) throw new Error('benchmark voucher failed verification');
    }
  };
  // The native recovery when the optional secp256k1 package loads (or SECP256K1_PACKAGE_DIR names an unpacked one).
  const native = nativeForTests.native ?? null;
  const knownRate = async (options: { native: typeof native }) => {
    const keyed = new VerifiedVoucherCache(options);
    await verifyAll(keyed, vouchers.slice(0, 1));
    return rate(VERIFY_VOUCHERS - 1, () => verifyAll(keyed, vouchers.slice(1)));
  };
  const cold: number[] = [];
  const knownClient: number[] = [];
  const knownClientJs: number[] = [];
  const warm: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    // Interleaved in each run: every voucher recovered (no client key kept), then every voucher
    // but the first verified against the key the first one's recovery left.
    const recovering = new VerifiedVoucherCache({ knownClients: 0, native });
    cold.push(await rate(VERIFY_VOUCHERS, () => verifyAll(recovering, vouchers)));
    knownClient.push(await knownRate({ native }));
    if (native) knownClientJs.push(await knownRate({ native: null }));
    warm.push(
      await rate(VERIFY_VOUCHERS * WARM_ROUNDS, async () => {
        for (let round = 0; round < WARM_ROUNDS; round++) await verifyAll(recovering, vouchers);
      }),
    );
  }
  const how = native ? 'native libsecp256k1' : 'JS curve math: the optional secp256k1 package is not installed';
  return [
    row(`voucher verification, cold (first sight: public-key recovery; ${how})`, 'vouchers/s', cold),
    row("voucher verification, a known client's new voucher (verify against the kept key)", 'vouchers/s', knownClient),
    ...(native ? [row("voucher verification, a known client's new voucher, JS curve math (no native package)", 'vouchers/s', knownClientJs)] : []),
    row('voucher verification, warm (cached)', 'vouchers/s', warm),
  ];
}

export async function benchEngine(): Promise<BenchRow[]> {
  return [await pairsOneClient(), await pairsOneClientPglite(), await pairsSpread(), ...(await verification())];
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // `tsx bench/engine.ts verification` runs only the verification rows.
  printRows(process.argv[2] === 'verification' ? await verification() : await benchEngine());
}
