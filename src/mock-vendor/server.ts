import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Address } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { Engine } from '../engine';
import type { ChainOracle } from '../engine/ports';
import { createPaywall } from '../paywall';
import { applyServerLimits, toNodeListener } from '../paywall/adapters/node-http';
import type { PaywallTerms } from '../paywall/terms';
import { createVendorHandler } from './app';
import { defaultConfig, type VendorConfig } from './config';
import { ConfigChainOracle } from './oracle';
import type { VendorContext } from './routes/context';
import { ChargeStats } from './stats';
import { openClientStore, type OpenedStore } from '../engine/sql/open-store';
import { loadSigningKey } from './signing-key';
import { contractStateReader, ContractChainOracle } from '../chain/chain-oracle';
import { MemoryRedemptionStore } from '../chain/memory-redemption-store';
import { Redeemer } from '../chain/redeemer';
import { contractRedemptionChain } from '../chain/redemption-chain';
import type { RedemptionStore } from '../chain/redemption-store';
import { SqlRedemptionStore } from '../chain/sql-redemption-store';
import { connectVendorChain, type VendorChain } from './vendor-chain';

export interface StartVendorOptions extends Partial<VendorConfig> {
  /** Replaces the configured oracle (tests that change chain facts while the vendor runs). */
  chainOracle?: ChainOracle;
}

export interface RunningVendor {
  url: string;
  vendor: Address;
  chainId: bigint;
  verifyingContract: Address;
  config: VendorConfig;
  engine: Engine;
  /** Connections the server holds open now (tests wait on it reaching 0). */
  openConnections(): Promise<number>;
  /** On a chain: what redeems the vendor's spent vouchers (tests run rounds by hand). */
  redeemer: Redeemer | null;
  /** On a chain: its RPC URL, contract and token. */
  chain: VendorChain['config'] | null;
  close(): Promise<void>;
}

/** Starts the mock vendor: store, oracle, engine, HTTP server. Port 0 picks a free port. */
export async function startVendor(options: StartVendorOptions = {}): Promise<RunningVendor> {
  const { chainOracle, ...overrides } = options;
  const config: VendorConfig = { ...defaultConfig(), ...overrides };
  const account = privateKeyToAccount(await loadSigningKey(config.privateKey, config.dataDir));
  const chain = config.chain === undefined ? null : await connectVendorChain(config.chain, account, account.address, config.localChainPort);
  const domain = chain
    ? { chainId: BigInt(chain.config.chainId), verifyingContract: chain.config.contract }
    : { chainId: config.chainId, verifyingContract: config.verifyingContract };
  let store: OpenedStore | undefined;
  let redemptions: RedemptionStore | null = null;
  try {
    store = await openClientStore(config.store, config.dataDir, config.databaseUrl);
    if (chain) redemptions = store.db ? await SqlRedemptionStore.open(store.db) : new MemoryRedemptionStore();
  } catch (error) {
    await store?.close();
    await chain?.stop();
    throw error;
  }
  const oracle =
    chainOracle ??
    (chain
      ? new ContractChainOracle({ read: contractStateReader(chain.publicClient, chain.config.contract), vendor: account.address })
      : await ConfigChainOracle.open(account.address, config.oracle));
  const engine = new Engine({ vendor: account.address, domain, prices: config.prices, clients: store.clients, oracle });
  const redeemer =
    chain && redemptions
      ? new Redeemer({
          source: store.clients,
          store: redemptions,
          chain: contractRedemptionChain(chain.wallet, chain.publicClient, chain.config.contract),
          batchSize: config.redeemer.batchSize,
          intervalMs: config.redeemer.intervalMs,
          onError: (error) => console.error('vendor: redemption round failed', error),
        })
      : null;
  const terms: PaywallTerms = {
    vendor: account.address,
    domain,
    asset: config.asset,
    prices: config.prices,
    suggestedVoucherAtoms: config.suggestedVoucherAtoms,
  };
  const stats = new ChargeStats();
  const faults = { count: 0 };
  const paywall = createPaywall({
    engine,
    terms,
    // The vendor's handler sets CORS on every answer, paid or not.
    cors: false,
    // Its receipts are signed, so a wallet counts a stream's in-band receipt relayed by a page.
    receiptSigner: account,
    observer: {
      charged: (client, receipt) => stats.record(client, receipt.cost),
      credited: (client, _serviceTxRef, credit) => stats.recordCredit(client, credit.atoms),
      refused: (status, refusal, client) => {
        // The nonce_conflict 403 showing held vouchers is payment requirements too (§5.1).
        if (status === 402 || refusal.heldVouchers !== undefined) stats.recordPaymentRequired(refusal.code, client);
      },
    },
    onError: (error) => {
      faults.count += 1;
      console.error('vendor: settlement failed', error);
    },
  });
  const chainFaucet = chain?.faucet ?? null;
  const faucet: VendorContext['faucet'] = chainFaucet && {
    async fund(client) {
      const grant = await chainFaucet.fund(client);
      // The client was just refused on cached facts, likely: the next request reads the new ones.
      if (oracle instanceof ContractChainOracle) oracle.forget(client);
      return grant;
    },
  };
  const ctx: VendorContext = { config, engine, paywall, stats, faults, redemptions, faucet };

  const listener = toNodeListener(createVendorHandler(ctx));
  const inFlight = new Set<Promise<void>>();
  const server = createServer((req, res) => {
    const handling = listener(req, res).catch((error: unknown) => {
      faults.count += 1;
      console.error('vendor: could not answer', error);
      res.destroy();
    });
    inFlight.add(handling);
    void handling.finally(() => inFlight.delete(handling));
  });
  applyServerLimits(server);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => resolve());
    });
  } catch (error) {
    await store.close();
    await chain?.stop();
    throw error;
  }
  redeemer?.start();
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${config.host}:${port}`,
    vendor: account.address,
    chainId: domain.chainId,
    verifyingContract: domain.verifyingContract,
    config,
    engine,
    openConnections: () => new Promise<number>((resolve, reject) => server.getConnections((error, count) => (error ? reject(error) : resolve(count)))),
    redeemer,
    chain: chain?.config ?? null,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Streams in flight are cut; they settle what they used before the store closes.
      server.closeAllConnections();
      await closed;
      await Promise.allSettled([...inFlight]);
      // The round in progress finishes, so what it sent is recorded before the store closes.
      await redeemer?.stop();
      await store.close();
      await chain?.stop();
    },
  };
}
