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
import { openClientStore } from '../engine/sql/open-store';
import { loadSigningKey } from './signing-key';

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
  close(): Promise<void>;
}

/** Starts the mock vendor: store, oracle, engine, HTTP server. Port 0 picks a free port. */
export async function startVendor(options: StartVendorOptions = {}): Promise<RunningVendor> {
  const { chainOracle, ...overrides } = options;
  const config: VendorConfig = { ...defaultConfig(), ...overrides };
  const account = privateKeyToAccount(await loadSigningKey(config.privateKey, config.dataDir));
  const domain = { chainId: config.chainId, verifyingContract: config.verifyingContract };
  const oracle = chainOracle ?? (await ConfigChainOracle.open(account.address, config.oracle));
  const store = await openClientStore(config.store, config.dataDir, config.databaseUrl);
  const engine = new Engine({ vendor: account.address, domain, prices: config.prices, clients: store.clients, oracle });
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
    observer: {
      charged: (client, receipt) => stats.record(client, receipt.cost),
      refused: (status, refusal, client) => {
        if (status === 402) stats.recordPaymentRequired(refusal.code, client);
      },
    },
    onError: (error) => {
      faults.count += 1;
      console.error('vendor: settlement failed', error);
    },
  });
  const ctx: VendorContext = { config, engine, paywall, stats, faults };

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
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${config.host}:${port}`,
    vendor: account.address,
    chainId: config.chainId,
    verifyingContract: config.verifyingContract,
    config,
    engine,
    openConnections: () => new Promise<number>((resolve, reject) => server.getConnections((error, count) => (error ? reject(error) : resolve(count)))),
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Streams in flight are cut; they settle what they used before the store closes.
      server.closeAllConnections();
      await closed;
      await Promise.allSettled([...inFlight]);
      await store.close();
    },
  };
}
