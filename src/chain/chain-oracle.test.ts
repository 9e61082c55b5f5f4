import type { Address } from 'viem';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EngineError } from '../engine/errors';
import { VENDOR, clientAccount, headerOf, signVouchers, testVendor } from '../engine/test-fixtures';
import { voucherCollateralAbi } from './artifacts/VoucherCollateral';
import { ContractChainOracle, contractStateReader, type ClientChainState } from './chain-oracle';
import { publicClientFor } from './config';
import { startTestChain, type TestChain } from './test-chain';

const CLIENT = clientAccount(1).address;
const STATE: ClientChainState = { collateral: 6_000n, thawing: 1_000n, subscribed: true, totalSubscriptions: 2n };

/** A reader that counts calls and fails while `down` is set. */
function fakeChain(state: ClientChainState = STATE) {
  const fake = {
    state,
    down: false,
    reads: 0,
    read: async (_client: Address, _vendor: Address): Promise<ClientChainState> => {
      fake.reads += 1;
      if (fake.down) throw new Error('fetch failed: connect ECONNREFUSED');
      return { ...fake.state };
    },
  };
  return fake;
}

function oracleOver(fake: ReturnType<typeof fakeChain>, clock: { ms: number }) {
  return new ContractChainOracle({ read: fake.read, vendor: VENDOR, maxStalenessMs: 10_000, retryAfterFailureMs: 1_000, now: () => clock.ms });
}

describe('ContractChainOracle (fake chain, injected clock)', () => {
  it('answers the engine\'s three questions from one read, collateral net of thawing', async () => {
    const fake = fakeChain();
    const oracle = oracleOver(fake, { ms: 0 });
    const answers = await Promise.all([oracle.collateral(CLIENT), oracle.isSubscribed(CLIENT, VENDOR), oracle.totalSubscriptions(CLIENT)]);
    expect(answers).toEqual([5_000n, true, 2n]);
    expect(fake.reads).toBe(1);
  });

  it('serves cached facts up to the staleness bound, then reads again', async () => {
    const fake = fakeChain();
    const clock = { ms: 0 };
    const oracle = oracleOver(fake, clock);
    await oracle.collateral(CLIENT);
    fake.state = { ...STATE, collateral: 9_000n };
    clock.ms = 9_999;
    expect(await oracle.collateral(CLIENT)).toBe(5_000n);
    expect(fake.reads).toBe(1);
    clock.ms = 10_000;
    expect(await oracle.collateral(CLIENT)).toBe(8_000n);
    expect(fake.reads).toBe(2);
  });

  it('reads a forgotten client again at once, and only that client', async () => {
    const fake = fakeChain();
    const oracle = oracleOver(fake, { ms: 0 });
    const other = clientAccount(2).address;
    await Promise.all([oracle.collateral(CLIENT), oracle.collateral(other)]);
    fake.state = { ...STATE, collateral: 9_000n };
    oracle.forget(CLIENT);
    expect(await oracle.collateral(CLIENT)).toBe(8_000n);
    expect(await oracle.collateral(other)).toBe(5_000n);
    expect(fake.reads).toBe(3);
  });

  it('with the chain down, extends nothing on facts older than the bound and keeps the last known subscription', async () => {
    const fake = fakeChain();
    const clock = { ms: 0 };
    const oracle = oracleOver(fake, clock);
    await oracle.collateral(CLIENT);
    fake.down = true;
    clock.ms = 5_000;
    // Within the bound the cached facts still count, without asking the chain.
    expect(await oracle.collateral(CLIENT)).toBe(5_000n);
    expect(fake.reads).toBe(1);
    clock.ms = 10_000;
    expect(await oracle.collateral(CLIENT)).toBe(0n);
    expect(await oracle.isSubscribed(CLIENT, VENDOR)).toBe(true);
    expect(await oracle.totalSubscriptions(CLIENT)).toBe(2n);
    expect(oracle.health()).toEqual({ failingSince: 10_000, lastError: 'fetch failed: connect ECONNREFUSED' });
    // One failed read, then no new attempt until the retry delay has passed.
    expect(fake.reads).toBe(2);
    clock.ms = 10_999;
    await oracle.collateral(CLIENT);
    expect(fake.reads).toBe(2);
    fake.down = false;
    clock.ms = 11_000;
    expect(await oracle.collateral(CLIENT)).toBe(5_000n);
    expect(oracle.health()).toEqual({ failingSince: null, lastError: null });
  });

  it('a client never read while the chain is down has no collateral but is not told to subscribe', async () => {
    const fake = fakeChain();
    fake.down = true;
    const oracle = oracleOver(fake, { ms: 0 });
    expect(await Promise.all([oracle.collateral(CLIENT), oracle.isSubscribed(CLIENT, VENDOR), oracle.totalSubscriptions(CLIENT)])).toEqual([0n, true, 0n]);
  });

  it('makes the engine refuse with 402 codes while the chain is down, and admit again once it answers', async () => {
    const fake = fakeChain({ collateral: 10n ** 12n, thawing: 0n, subscribed: true, totalSubscriptions: 1n });
    const clock = { ms: 0 };
    const oracle = oracleOver(fake, clock);
    const { engine } = testVendor({ oracle });
    const [first, second] = await signVouchers(clientAccount(1), [1_000_000n, 1_000_000n]);
    await engine.acceptSession(headerOf(first!));
    fake.down = true;
    clock.ms = 60_000;
    const refusal = await engine.acceptSession(headerOf(first!, second!)).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(EngineError);
    expect((refusal as EngineError).code).toBe('collateral_too_low');
    expect(await engine.acceptQuery(CLIENT, 1n)).toMatchObject({ accepted: false, code: 'insufficient_credit', credit: { cap: 0n } });
    fake.down = false;
    clock.ms = 61_000;
    expect(await engine.acceptQuery(CLIENT, 1n)).toMatchObject({ accepted: true });
  });

  it('keeps at most `capacity` clients, dropping the least recently used', async () => {
    const fake = fakeChain();
    const oracle = new ContractChainOracle({ read: fake.read, vendor: VENDOR, capacity: 2, now: () => 0 });
    const [a, b, c] = [clientAccount(1).address, clientAccount(2).address, clientAccount(3).address];
    await oracle.collateral(a);
    await oracle.collateral(b);
    await oracle.collateral(a);
    await oracle.collateral(c);
    expect(fake.reads).toBe(3);
    await oracle.collateral(a);
    expect(fake.reads).toBe(3);
    await oracle.collateral(b);
    expect(fake.reads).toBe(4);
  });
});

describe('ContractChainOracle on anvil', () => {
  let chain: TestChain;
  beforeAll(async () => {
    chain = await startTestChain();
  });
  afterAll(async () => {
    await chain?.stop();
  });
  // Each test runs from the same snapshot; the returned function reverts to it afterwards.
  beforeEach(() => chain.snapshot());

  it('reads collateral net of thawing, the subscription and the count from the contract', async () => {
    const client = chain.account(4).address;
    const vendor = chain.account(1).address;
    await chain.deposit(4, 50_000n);
    await chain.subscribe(4, vendor);
    await chain.mined(await chain.wallet(4).writeContract({ address: chain.config.contract, abi: voucherCollateralAbi, functionName: 'requestWithdrawal', args: [20_000n] }));
    const oracle = new ContractChainOracle({ read: contractStateReader(chain.publicClient, chain.config.contract), vendor });
    expect(await Promise.all([oracle.collateral(client), oracle.isSubscribed(client, vendor), oracle.totalSubscriptions(client)])).toEqual([30_000n, true, 1n]);
    expect(await oracle.isSubscribed(client, chain.account(2).address)).toBe(false);
  });

  it('reports zero collateral once the RPC is unreachable and the facts are past the bound', async () => {
    const client = chain.account(4).address;
    const vendor = chain.account(1).address;
    await chain.deposit(4, 50_000n);
    await chain.subscribe(4, vendor);
    const clock = { ms: 0 };
    // A client pointed at a port nothing listens on: what an RPC outage looks like to viem.
    const unreachable = publicClientFor('http://127.0.0.1:9', chain.local.chainId);
    let reader = contractStateReader(chain.publicClient, chain.config.contract);
    const oracle = new ContractChainOracle({ read: (c, v) => reader(c, v), vendor, maxStalenessMs: 1_000, now: () => clock.ms });
    expect(await oracle.collateral(client)).toBe(50_000n);
    reader = contractStateReader(unreachable, chain.config.contract);
    clock.ms = 2_000;
    expect(await oracle.collateral(client)).toBe(0n);
    expect(await oracle.isSubscribed(client, vendor)).toBe(true);
    expect(oracle.health().failingSince).toBe(2_000);
  });
});
