import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from './engine';
import { MemoryChainOracle } from './memory/chain-oracle';
import { MemoryClientStore } from './memory/client-store';
import type { ClientStore } from './ports';
import { openPgliteDatabase } from './sql/pglite-database';
import { SqlClientStore } from './sql/sql-client-store';
import { DOMAIN, PRICES, VENDOR, clientAccount, headerOf, signVouchers, subscribe } from './test-fixtures';

const pglite = openPgliteDatabase();
afterAll(async () => (await pglite).close());

const stores: [string, () => Promise<ClientStore>][] = [
  ['memory', async () => new MemoryClientStore()],
  ['SQL (PGlite)', async () => SqlClientStore.open(await pglite)],
];

describe.each(stores)('crediting back an undelivered answer, %s store', (_name, openStore) => {
  it('gives back the unwritten bytes, unspending the vouchers the charge spent, once, and the next charge sees it', async () => {
    const alice = clientAccount(40 + stores.findIndex(([name]) => name === _name));
    const oracle = new MemoryChainOracle();
    subscribe(oracle, alice.address, 60_000n);
    const clients = await openStore();
    const engine = new Engine({ vendor: VENDOR, domain: DOMAIN, prices: PRICES, clients, oracle });
    const vouchers = await signVouchers(alice, [100n, 100n, 100n]);
    await engine.acceptSession(headerOf(...vouchers));
    const decision = await engine.acceptQuery(alice.address, 10n);
    if (!decision.accepted) throw new Error('refused');
    // 20 ms and 230 bytes at 1 atom each: 250 atoms, two vouchers spent, 50 unmarked.
    const settlement = await engine.settleQuery(decision.query, { elapsedMs: 20n, bytes: 230n });
    expect(settlement).toMatchObject({ cost: 250n, spentNonces: [0n, 1n], credit: { unspent: 100n, unmarked: 50n } });

    // The client went away after 30 bytes: 200 atoms back, more than unmarked, so both are unspent again.
    const credited = await engine.creditUndelivered(settlement, 30n);
    expect(credited).toMatchObject({ atoms: 200n, unspentNonces: [1n, 0n], credit: { unspent: 300n, unmarked: 50n, available: 250n } });
    await expect(engine.creditUndelivered(settlement, 0n)).rejects.toMatchObject({ code: 'settlement_not_creditable' });

    const state = await engine.inspect(alice.address);
    expect(state.vouchers.map((voucher) => voucher.spent)).toEqual([false, false, false]);
    // Charged: the time and the 30 bytes delivered.
    expect(state.unmarked).toBe(20n + 30n);

    const next = await engine.acceptQuery(alice.address, 10n);
    if (!next.accepted) throw new Error('refused');
    const again = await engine.settleQuery(next.query, { elapsedMs: 0n, bytes: 60n });
    expect(again).toMatchObject({ chargedNonce: 0n, spentNonces: [0n], credit: { unspent: 200n, unmarked: 10n } });
  });

  it('credits nothing when every byte was delivered, and never more than the bytes of the answer', async () => {
    const bob = clientAccount(50 + stores.findIndex(([name]) => name === _name));
    const oracle = new MemoryChainOracle();
    subscribe(oracle, bob.address, 60_000n);
    const engine = new Engine({ vendor: VENDOR, domain: DOMAIN, prices: PRICES, clients: await openStore(), oracle });
    await engine.acceptSession(headerOf(...(await signVouchers(bob, [1_000n]))));
    const decision = await engine.acceptQuery(bob.address, 10n);
    if (!decision.accepted) throw new Error('refused');
    const settlement = await engine.settleQuery(decision.query, { elapsedMs: 5n, bytes: 40n });
    expect((await engine.creditUndelivered(settlement, 400n)).atoms).toBe(0n);
    expect((await engine.inspect(bob.address)).unmarked).toBe(45n);
  });
});
