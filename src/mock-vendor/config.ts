import { readFile } from 'node:fs/promises';
import { getAddress, isAddress, isHex, type Address, type Hex } from 'viem';
import type { ChainConfig } from '../chain/config';
import { LOCAL_DEPLOYMENT } from '../chain/local-deployment';
import type { StoreKind } from '../engine/sql/open-store';
import type { Asset, Prices } from '../protocol';

export type { StoreKind };

/** Paid routes of the mock vendor, each with the cost it locks before running. */
export const PAID_ROUTES = ['echo', 'data', 'stream', 'mcp'] as const;
export type PaidRouteName = (typeof PAID_ROUTES)[number];

export interface OracleClientEntry {
  collateral: bigint;
  subscriptions: Address[];
}

export interface OracleConfig {
  /** Open demo mode: any client counts as subscribed with this collateral. */
  demoCollateral?: bigint;
  /** JSON file: { "<client>": { "collateral": "<atoms>", "subscriptions": ["<vendor>", …] } }. */
  file?: string;
  /** Entries given inline (config file or tests), same shape as the file. */
  clients?: Record<string, OracleClientEntry>;
}

/**
 * Where the vendor's collateral facts come from and where it redeems: 'local' starts anvil and
 * deploys the token and the contract (development); a ChainConfig names any other EVM chain.
 * Absent: the configured oracle (file, inline entries or demo), and nothing is redeemed.
 */
export type ChainSetting = 'local' | ChainConfig;

export interface RedeemerConfig {
  /** Vouchers per redeem transaction. */
  batchSize: number;
  /** Pause between redemption rounds. */
  intervalMs: number;
}

export interface VendorConfig {
  host: string;
  port: number;
  /** Vendor key and PGlite files. Absent: an ephemeral key and an in-memory PGlite (tests). */
  dataDir?: string;
  store: StoreKind;
  databaseUrl?: string;
  /** Absent: read from dataDir, or generated and persisted there on first run. */
  privateKey?: Hex;
  chainId: bigint;
  verifyingContract: Address;
  asset: Asset;
  prices: Prices;
  approxCost: Record<PaidRouteName, bigint>;
  suggestedVoucherAtoms: bigint;
  oracle: OracleConfig;
  /** On a chain, chainId and verifyingContract come from it and the oracle settings are unused. */
  chain?: ChainSetting;
  /** With chain 'local': the port anvil listens on (default a free one; `npm start` uses 8545, the wallet's default). */
  localChainPort?: number;
  redeemer: RedeemerConfig;
  maxDataBytes: number;
  maxStreamSeconds: number;
}

/**
 * Defaults: a USDC-like asset (6 decimals, 1 atom = 1 micro-dollar) on the local chain, at the
 * collateral contract's address there (src/chain/local-deployment.ts; 0x5FbDB…0aa3, named here
 * before, is the TestToken deployed first, not the contract), so the wallet, which pays only
 * assets it knows, pays the demo vendor too.
 * 1 atom per ms of running time ($3.60 an hour) and 10 atoms per kB ($10 a GB).
 */
export function defaultConfig(): VendorConfig {
  return {
    host: '127.0.0.1',
    port: 8402,
    store: 'pglite',
    chainId: 31337n,
    verifyingContract: LOCAL_DEPLOYMENT.contract,
    asset: { symbol: 'USDC', decimals: 6, microUsdPerUnit: 1_000_000n },
    prices: { atomsPerHour: 3_600_000n, atomsPerGB: 10_000_000n },
    approxCost: { echo: 100n, data: 1_000n, stream: 6_000n, mcp: 100n },
    suggestedVoucherAtoms: 1_000_000n,
    oracle: {},
    redeemer: { batchSize: 100, intervalMs: 10_000 },
    maxDataBytes: 10_000_000,
    maxStreamSeconds: 60,
  };
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function atomsValue(value: unknown, field: string): bigint {
  if (typeof value === 'string' && /^(0|[1-9][0-9]*)$/.test(value)) return BigInt(value);
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  throw new ConfigError(`${field} must be a non-negative integer (a decimal string for large values)`);
}

function addressValue(value: unknown, field: string): Address {
  if (typeof value !== 'string' || !isAddress(value, { strict: false })) throw new ConfigError(`${field} must be an address`);
  return getAddress(value);
}

function intValue(value: unknown, field: string, min: number, max: number): number {
  const number = typeof value === 'string' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < min || number > max) {
    throw new ConfigError(`${field} must be an integer from ${min} to ${max}`);
  }
  return number;
}

export function parseOracleClients(json: unknown, field: string): Record<string, OracleClientEntry> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new ConfigError(`${field} must be an object`);
  const clients: Record<string, OracleClientEntry> = {};
  for (const [client, entry] of Object.entries(json)) {
    const at = `${field}.${client}`;
    if (typeof entry !== 'object' || entry === null) throw new ConfigError(`${at} must be an object`);
    const { collateral, subscriptions } = entry as Record<string, unknown>;
    if (!Array.isArray(subscriptions)) throw new ConfigError(`${at}.subscriptions must be an array`);
    clients[addressValue(client, at).toLowerCase()] = {
      collateral: atomsValue(collateral, `${at}.collateral`),
      subscriptions: subscriptions.map((vendor, i) => addressValue(vendor, `${at}.subscriptions[${i}]`)),
    };
  }
  return clients;
}

/** Applies a JSON config object (as read from --config) over a config. Unknown keys are errors. */
export function applyJsonConfig(config: VendorConfig, json: unknown): VendorConfig {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new ConfigError('config must be a JSON object');
  const body = json as Record<string, unknown>;
  const next: VendorConfig = { ...config, prices: { ...config.prices }, approxCost: { ...config.approxCost } };
  for (const [key, value] of Object.entries(body)) {
    switch (key) {
      case 'port': next.port = intValue(value, key, 0, 65535); break;
      case 'dataDir': next.dataDir = String(value); break;
      case 'store': next.store = storeKind(value); break;
      case 'databaseUrl': next.databaseUrl = String(value); break;
      case 'privateKey': next.privateKey = privateKeyValue(value); break;
      case 'chainId': next.chainId = atomsValue(value, key); break;
      case 'verifyingContract': next.verifyingContract = addressValue(value, key); break;
      case 'asset': next.asset = assetValue(value); break;
      case 'prices': {
        const prices = value as Record<string, unknown>;
        if (prices.atomsPerHour !== undefined) next.prices.atomsPerHour = atomsValue(prices.atomsPerHour, 'prices.atomsPerHour');
        if (prices.atomsPerGB !== undefined) next.prices.atomsPerGB = atomsValue(prices.atomsPerGB, 'prices.atomsPerGB');
        break;
      }
      case 'approxCost':
        for (const [route, cost] of Object.entries(value as Record<string, unknown>)) {
          if (!(PAID_ROUTES as readonly string[]).includes(route)) throw new ConfigError(`approxCost.${route}: unknown route`);
          next.approxCost[route as PaidRouteName] = atomsValue(cost, `approxCost.${route}`);
        }
        break;
      case 'suggestedVoucherAtoms': next.suggestedVoucherAtoms = atomsValue(value, key); break;
      case 'oracle': next.oracle = oracleValue(value); break;
      case 'chain': next.chain = chainValue(value); break;
      case 'redeemer': next.redeemer = redeemerValue(value, next.redeemer); break;
      case 'maxDataBytes': next.maxDataBytes = intValue(value, key, 0, 1_000_000_000); break;
      case 'maxStreamSeconds': next.maxStreamSeconds = intValue(value, key, 1, 3600); break;
      default: throw new ConfigError(`unknown config key "${key}"`);
    }
  }
  return next;
}

export function storeKind(value: unknown): StoreKind {
  if (value === 'pglite' || value === 'postgres' || value === 'memory') return value;
  throw new ConfigError('store must be pglite, postgres or memory');
}

export function privateKeyValue(value: unknown): Hex {
  if (typeof value !== 'string' || !isHex(value) || value.length !== 66) throw new ConfigError('privateKey must be 32 bytes of 0x-hex');
  return value;
}

function assetValue(value: unknown): Asset {
  const body = value as Record<string, unknown>;
  if (typeof body?.symbol !== 'string') throw new ConfigError('asset.symbol must be a string');
  const asset: Asset = { symbol: body.symbol, decimals: body.decimals === undefined ? 6 : intValue(body.decimals, 'asset.decimals', 0, 36) };
  if (body.address !== undefined) asset.address = addressValue(body.address, 'asset.address');
  if (body.microUsdPerUnit !== undefined) asset.microUsdPerUnit = atomsValue(body.microUsdPerUnit, 'asset.microUsdPerUnit');
  return asset;
}

export function chainValue(value: unknown): ChainSetting {
  if (value === 'local') return 'local';
  const body = value as Record<string, unknown>;
  if (typeof body?.rpcUrl !== 'string' || !/^https?:\/\//.test(body.rpcUrl)) throw new ConfigError('chain must be "local" or {rpcUrl, chainId, contract, token} with an http(s) rpcUrl');
  return {
    rpcUrl: body.rpcUrl,
    chainId: intValue(body.chainId, 'chain.chainId', 1, Number.MAX_SAFE_INTEGER),
    contract: addressValue(body.contract, 'chain.contract'),
    token: addressValue(body.token, 'chain.token'),
  };
}

function redeemerValue(value: unknown, current: RedeemerConfig): RedeemerConfig {
  const body = value as Record<string, unknown>;
  if (typeof body !== 'object' || body === null) throw new ConfigError('redeemer must be an object');
  return {
    batchSize: body.batchSize === undefined ? current.batchSize : intValue(body.batchSize, 'redeemer.batchSize', 1, 1_000),
    intervalMs: body.intervalMs === undefined ? current.intervalMs : intValue(body.intervalMs, 'redeemer.intervalMs', 10, 86_400_000),
  };
}

function oracleValue(value: unknown): OracleConfig {
  const body = value as Record<string, unknown>;
  const oracle: OracleConfig = {};
  if (body?.demoCollateral !== undefined) oracle.demoCollateral = atomsValue(body.demoCollateral, 'oracle.demoCollateral');
  if (body?.file !== undefined) oracle.file = String(body.file);
  if (body?.clients !== undefined) oracle.clients = parseOracleClients(body.clients, 'oracle.clients');
  return oracle;
}

export async function readJsonConfig(config: VendorConfig, path: string): Promise<VendorConfig> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`cannot read config ${path}: ${(error as Error).message}`);
  }
  return applyJsonConfig(config, json);
}
