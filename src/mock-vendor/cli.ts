import { parseArgs } from 'node:util';
import {
  ConfigError,
  applyJsonConfig,
  atomsValue,
  chainValue,
  defaultConfig,
  privateKeyValue,
  readJsonConfig,
  storeKind,
  type VendorConfig,
} from './config';

export const DEFAULT_DATA_DIR = '.vendor-data';
/** Collateral every client gets in open demo mode: 100 units of a 6-decimal asset. */
export const DEMO_COLLATERAL = 100_000_000n;

export const VENDOR_USAGE = `Usage: npm run vendor -- [options]

Runs the mock vendor: paid routes /api/echo, /api/data, /api/stream and /mcp behind the voucher
paywall, discovery at /.well-known/voucher-payment, a demo page at /. Prints one JSON line
{url, vendor, chainId, verifyingContract, store, demo} once listening.

Options:
  --port N           port to listen on (0 picks a free one); env VENDOR_PORT
  --config FILE      JSON configuration (prices, approxCost, chain, asset, ...)
  --demo             open demo mode: every client counts as subscribed with ${DEMO_COLLATERAL} atoms
                     of collateral, so a wallet can pay without a chain; env VENDOR_DEMO=1
  --data-dir DIR     where the store and the vendor key live (default ${DEFAULT_DATA_DIR}); env VENDOR_DATA_DIR
  --store KIND       pglite | postgres | memory; env VENDOR_STORE (DATABASE_URL selects postgres)
  --oracle FILE      chain facts (collateral, subscriptions) from a JSON file; env VENDOR_ORACLE_FILE
  --chain-port N     the local chain's port on 127.0.0.1 (default a free one; the wallet's default
                     network is 8545); env VENDOR_CHAIN_PORT
  -h, --help         print this and exit

Environment also: VENDOR_PRIVATE_KEY, VENDOR_CHAIN_ID, VENDOR_VERIFYING_CONTRACT.
`;

/** Whether the command line asks for the usage (checked before anything else is parsed). */
export function wantsHelp(argv: string[]): boolean {
  return argv.includes('--help') || argv.includes('-h');
}

/**
 * Configuration from, in rising precedence: defaults, --config file, environment, flags.
 * Environment: VENDOR_PORT, VENDOR_DATA_DIR, VENDOR_STORE, DATABASE_URL, VENDOR_PRIVATE_KEY,
 * VENDOR_CHAIN_ID, VENDOR_VERIFYING_CONTRACT, VENDOR_ORACLE_FILE, VENDOR_DEMO=1, and for a chain
 * other than the local one VENDOR_RPC_URL with VENDOR_CHAIN_ID, VENDOR_VERIFYING_CONTRACT and
 * VENDOR_TOKEN. The chain: --rpc-url (or VENDOR_RPC_URL, or "chain" in the config file) names
 * one; --demo or --oracle use no chain; else the vendor starts a local chain.
 */
export async function configFromCli(argv: string[], env: NodeJS.ProcessEnv): Promise<VendorConfig> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      config: { type: 'string' },
      demo: { type: 'boolean' },
      'data-dir': { type: 'string' },
      store: { type: 'string' },
      oracle: { type: 'string' },
      'rpc-url': { type: 'string' },
      'chain-port': { type: 'string' },
      'redeem-batch': { type: 'string' },
      'redeem-interval-ms': { type: 'string' },
    },
    strict: true,
  });
  let config: VendorConfig = { ...defaultConfig(), dataDir: DEFAULT_DATA_DIR };
  if (values.config) config = await readJsonConfig(config, values.config);
  if (env.DATABASE_URL) config = { ...config, databaseUrl: env.DATABASE_URL, store: 'postgres' };
  const port = values.port ?? env.VENDOR_PORT;
  if (port !== undefined) {
    if (!/^[0-9]{1,5}$/.test(port) || Number(port) > 65535) throw new ConfigError('port must be 0-65535');
    config.port = Number(port);
  }
  const dataDir = values['data-dir'] ?? env.VENDOR_DATA_DIR;
  if (dataDir) config.dataDir = dataDir;
  const store = values.store ?? env.VENDOR_STORE;
  if (store) config.store = storeKind(store);
  if (env.VENDOR_PRIVATE_KEY) config.privateKey = privateKeyValue(env.VENDOR_PRIVATE_KEY);
  if (env.VENDOR_CHAIN_ID) config.chainId = atomsValue(env.VENDOR_CHAIN_ID, 'VENDOR_CHAIN_ID');
  if (env.VENDOR_VERIFYING_CONTRACT) {
    config = applyJsonConfig(config, { verifyingContract: env.VENDOR_VERIFYING_CONTRACT });
  }
  const oracleFile = values.oracle ?? env.VENDOR_ORACLE_FILE;
  if (oracleFile) config.oracle = { ...config.oracle, file: oracleFile };
  const demo = values.demo || env.VENDOR_DEMO === '1';
  if (demo) config.oracle = { ...config.oracle, demoCollateral: config.oracle.demoCollateral ?? DEMO_COLLATERAL };
  const rpcUrl = values['rpc-url'] ?? env.VENDOR_RPC_URL;
  if (rpcUrl !== undefined) {
    config.chain = chainValue({ rpcUrl, chainId: env.VENDOR_CHAIN_ID, contract: env.VENDOR_VERIFYING_CONTRACT, token: env.VENDOR_TOKEN });
  } else if (demo || oracleFile) {
    config.chain = undefined;
  } else {
    config.chain ??= 'local';
  }
  const chainPort = values['chain-port'] ?? env.VENDOR_CHAIN_PORT;
  if (chainPort !== undefined) {
    if (!/^[0-9]{1,5}$/.test(chainPort) || Number(chainPort) < 1 || Number(chainPort) > 65535) throw new ConfigError('chain-port must be 1-65535');
    config.localChainPort = Number(chainPort);
  }
  if (values['redeem-batch'] !== undefined || values['redeem-interval-ms'] !== undefined) {
    config = applyJsonConfig(config, {
      redeemer: {
        ...(values['redeem-batch'] === undefined ? {} : { batchSize: values['redeem-batch'] }),
        ...(values['redeem-interval-ms'] === undefined ? {} : { intervalMs: values['redeem-interval-ms'] }),
      },
    });
  }
  return config;
}
