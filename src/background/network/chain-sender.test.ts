import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getAddress, parseEther, type Address } from 'viem';
import { startTestChain, THAW_SECONDS, type TestChain } from '../../chain/test-chain';
import type { ChainAccountView, ChainTxView, NetworkConfig } from '../../messaging/chain-api';
import { onAlarm, onWake } from '../lifecycle';
import { Harness, pageSender } from '../testing/harness';
import { RECEIPTS_ALARM } from './chain-sender';

/** The worker's chain handlers, with the worker's own RPC client, against a real anvil: what they send is what the contract holds. */
let chain: TestChain;
let network: NetworkConfig;
let revert: () => Promise<void>;
const VENDOR = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' as Address;

beforeAll(async () => {
  chain = await startTestChain();
  network = { ...chain.config, contract: getAddress(chain.config.contract), token: getAddress(chain.config.token) };
});
afterAll(() => chain?.stop());
beforeEach(async () => {
  revert = await chain.snapshot();
  return async () => {
    await chain.testClient.setAutomine(true);
    await revert();
  };
});

async function fundedWallet(tokens = 50_000_000n): Promise<{ h: Harness; address: Address }> {
  const h = new Harness();
  const address = (await h.createWallet('correct horse battery')).address as Address;
  await chain.testClient.setBalance({ address, value: parseEther('1') });
  await chain.mined(await chain.wallet(0).writeContract({ address: network.token, abi: (await import('../../chain/artifacts/TestToken')).testTokenAbi, functionName: 'mint', args: [address, tokens] }));
  expect((await h.popup('network.set', network)).ok).toBe(true);
  return { h, address };
}

async function account(h: Harness): Promise<ChainAccountView> {
  const reply = await h.popup('chain.account', {});
  expect(reply.ok, `${reply.code}: ${reply.message}`).toBe(true);
  return reply.value;
}

async function txs(h: Harness): Promise<ChainTxView[]> {
  return (await h.popup('chain.transactions', {})).value;
}

describe('network settings', () => {
  it('are checked against the chain before they are saved, and the token units come from the token', async () => {
    const h = new Harness();
    expect((await h.popup('network.get', {})).value).toMatchObject({ isDefault: true });
    expect((await h.popup('network.set', { ...network, chainId: 1 })).code).toBe('network_chain_mismatch');
    expect((await h.popup('network.set', { ...network, contract: network.token })).code).toBe('network_no_contract');
    expect((await h.popup('network.set', { ...network, token: VENDOR })).code).toBe('network_token_mismatch');
    expect((await h.popup('network.set', { ...network, rpcUrl: 'http://127.0.0.1:9' })).code).toBe('network_unreachable');
    expect((await h.popup('network.set', { ...network, contract: 'not an address' as Address })).code).toBe('bad_input');
    expect((await h.popup('network.get', {})).value).toMatchObject({ isDefault: true });
    const saved = await h.popup('network.set', network);
    expect(saved.value.facts).toMatchObject({ asset: { symbol: 'tUSD', decimals: 6 }, thawPeriodSeconds: THAW_SECONDS });
    h.restartWorker();
    expect((await h.popup('network.get', {})).value).toMatchObject({ isDefault: false, config: network });
    const domain = { chainId: BigInt(network.chainId), verifyingContract: network.contract };
    expect(await h.services.network.assetFor(domain)).toEqual({ symbol: 'tUSD', decimals: 6, address: getAddress(network.token) });
    expect(await h.services.network.assetFor({ ...domain, chainId: 8453n })).toBeUndefined();
    expect(await h.services.network.assetFor({ ...domain, verifyingContract: VENDOR })).toBeUndefined();
  });
});

describe('funds', () => {
  it('deposits (approving the token first), thaws and withdraws exactly the atoms asked for', async () => {
    const { h, address } = await fundedWallet(50_000_000n);
    expect((await h.popup('chain.send', { kind: 'deposit', atoms: 12_345_678n })).ok).toBe(true);
    expect((await txs(h)).map((tx) => [tx.action.kind, tx.status, tx.error])).toEqual([
      ['deposit', 'mined', undefined],
      ['approve', 'mined', undefined],
    ]);
    let view = await account(h);
    expect([view.tokenBalance, view.collateral, view.thawing]).toEqual([50_000_000n - 12_345_678n, 12_345_678n, 0n]);
    expect(await chain.collateral(address)).toBe(12_345_678n);

    expect((await h.popup('chain.send', { kind: 'requestWithdrawal', atoms: 2_000_000n })).ok).toBe(true);
    view = await account(h);
    expect(view.thawing).toBe(2_000_000n);
    expect(view.thawEnd - view.chainTime).toBe(THAW_SECONDS);
    // Still thawing: the simulation reverts, so nothing is signed or sent.
    const early = await h.popup('chain.send', { kind: 'withdraw' });
    expect(early.code).toBe('chain_rejected');
    expect((await txs(h)).length).toBe(3);

    await chain.increaseTime(THAW_SECONDS);
    expect((await h.popup('chain.send', { kind: 'withdraw' })).ok).toBe(true);
    view = await account(h);
    expect([view.tokenBalance, view.collateral, view.thawing]).toEqual([50_000_000n - 10_345_678n, 10_345_678n, 0n]);
  });

  it('refuses to sign while locked, for a page, and bad amounts before any chain call', async () => {
    const { h } = await fundedWallet();
    const fromPage = await h.send({ channel: 'popup', type: 'chain.send', input: { kind: 'withdraw' } }, pageSender());
    expect(fromPage.ok ? 'ok' : fromPage.code).toBe('forbidden_sender');
    expect((await h.popup('chain.send', { kind: 'deposit', atoms: 0n })).code).toBe('bad_input');
    expect((await h.popup('chain.send', { kind: 'subscribe', vendor: '0x1234' })).code).toBe('bad_input');
    await h.popup('wallet.lock', {});
    expect((await h.popup('chain.send', { kind: 'deposit', atoms: 1n })).code).toBe('wallet_locked');
    expect(await txs(h)).toEqual([]);
    await h.popup('wallet.unlock', { password: 'correct horse battery' });
    // Settings checked while the chain answered, whose RPC then stops answering.
    const stored = (await h.platform.local.get('network')).network as Record<string, unknown>;
    await h.platform.local.set({ network: { ...stored, config: { ...network, rpcUrl: 'http://127.0.0.1:9' } } });
    expect((await h.popup('chain.send', { kind: 'subscribe', vendor: VENDOR })).code).toBe('network_unreachable');
    expect(await txs(h)).toEqual([]);
    await h.services.network.save({ ...network });
    // Reading needs no key.
    expect((await account(h)).tokenBalance).toBe(50_000_000n);
  });
});

describe('subscriptions', () => {
  it('lists the vendors the key is subscribed to, and an unsubscription with its end', async () => {
    const { h } = await fundedWallet();
    expect((await h.popup('chain.send', { kind: 'subscribe', vendor: VENDOR })).ok).toBe(true);
    let view = await account(h);
    expect(view.subscriptions).toEqual([{ vendor: VENDOR, endsAt: null }]);
    expect(view.totalSubscriptions).toBe(1n);
    const offer = await h.popup('chain.subscriptionOffer', { vendor: VENDOR, chainId: BigInt(network.chainId), verifyingContract: network.contract });
    expect(offer.value).toMatchObject({ sameNetwork: true, subscribed: true, totalSubscriptions: 1n });

    expect((await h.popup('chain.send', { kind: 'unsubscribe', vendor: VENDOR })).ok).toBe(true);
    view = await account(h);
    expect(view.subscriptions[0]!.endsAt! - view.chainTime).toBe(600n);
    await chain.increaseTime(600n);
    expect((await account(h)).subscriptions).toEqual([]);
    const other = await h.popup('chain.subscriptionOffer', { vendor: VENDOR, chainId: 8453n, verifyingContract: network.contract });
    expect(other.value).toMatchObject({ sameNetwork: false });
  });
});

describe('tracking', () => {
  it('keeps a transaction pending until mined, across a worker kill, polled by its alarm', async () => {
    const { h } = await fundedWallet();
    await chain.testClient.setAutomine(false);
    expect((await h.popup('chain.send', { kind: 'subscribe', vendor: VENDOR })).ok).toBe(true);
    expect((await txs(h)).map((tx) => tx.status)).toEqual(['pending']);
    expect(h.platform.alarmsSet.has(RECEIPTS_ALARM)).toBe(true);

    h.restartWorker();
    await onWake(h.services);
    expect((await txs(h)).map((tx) => tx.status)).toEqual(['pending']);
    await chain.testClient.mine({ blocks: 1 });
    await onAlarm(h.services, RECEIPTS_ALARM);
    const [tx] = await txs(h);
    expect(tx).toMatchObject({ status: 'mined' });
    expect(tx!.blockNumber).toBeGreaterThan(0n);
    expect(h.platform.alarmsSet.has(RECEIPTS_ALARM)).toBe(false);
  });

  it('sends the stored bytes again when the node lost the transaction', async () => {
    const { h, address } = await fundedWallet();
    await chain.testClient.setAutomine(false);
    await h.popup('chain.send', { kind: 'subscribe', vendor: VENDOR });
    const [tx] = await txs(h);
    await chain.testClient.dropTransaction({ hash: tx!.hash });
    await onAlarm(h.services, RECEIPTS_ALARM); // not found: resent
    await chain.testClient.mine({ blocks: 1 });
    await onAlarm(h.services, RECEIPTS_ALARM);
    expect((await txs(h)).map((entry) => [entry.hash, entry.status])).toEqual([[tx!.hash, 'mined']]);
    expect(await chain.publicClient.readContract({ address: network.contract, abi: (await import('../../chain/artifacts/VoucherCollateral')).voucherCollateralAbi, functionName: 'isSubscribed', args: [address, VENDOR] })).toBe(true);
  });

  it('marks a transaction failed when another one took its nonce', async () => {
    const { h, address } = await fundedWallet();
    await chain.testClient.setAutomine(false);
    await h.popup('chain.send', { kind: 'subscribe', vendor: VENDOR });
    const [tx] = await txs(h);
    await chain.testClient.dropTransaction({ hash: tx!.hash });
    // The same key sends something else with that nonce (another wallet holding the key).
    await chain.testClient.impersonateAccount({ address });
    await chain.wallet(0).sendTransaction({ account: address, to: address, value: 0n, chain: chain.wallet(0).chain });
    await chain.testClient.mine({ blocks: 1 });
    await chain.testClient.stopImpersonatingAccount({ address });
    await onAlarm(h.services, RECEIPTS_ALARM);
    expect((await txs(h)).map((entry) => [entry.status, entry.error])).toEqual([['failed', 'dropped: another transaction took its nonce']]);
  });

  it('keeps a transaction whose broadcast got no answer pending, and sends the same bytes again', async () => {
    const { h } = await fundedWallet();
    // A proxy to anvil that hangs up on broadcasts while `dropSends` holds.
    let dropSends = true;
    const proxy = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        if (dropSends && body.includes('eth_sendRawTransaction')) return void req.socket.destroy();
        fetch(chain.local.rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
          .then((answer) => answer.text())
          .then((text) => res.writeHead(200, { 'content-type': 'application/json' }).end(text));
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const rpcUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
      expect((await h.popup('network.set', { ...network, rpcUrl })).ok).toBe(true);
      expect((await h.popup('chain.send', { kind: 'subscribe', vendor: VENDOR })).ok).toBe(true);
      expect((await txs(h)).map((tx) => tx.status)).toEqual(['pending']);
      dropSends = false;
      await onAlarm(h.services, RECEIPTS_ALARM); // no receipt, nonce free: sent again
      const [tx] = await txs(h);
      await chain.publicClient.waitForTransactionReceipt({ hash: tx!.hash });
      await onAlarm(h.services, RECEIPTS_ALARM);
      expect((await txs(h)).map((tx) => tx.status)).toEqual(['mined']);
    } finally {
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    }
  });
});
