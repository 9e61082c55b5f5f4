import { getAddress, hexToNumber, type Address } from 'viem';
import { fromWire, toWire } from '../../lib/bigint-wire';
import type { Asset } from '../../protocol';
import { LOCAL_DEPLOYMENT, LOCAL_RPC_URL } from '../../chain/local-deployment';
import { readContractTerms, readTokenAsset } from '../../chain/wallet-chain';
import type { NetworkConfig, NetworkFacts, NetworkView } from '../../messaging/chain-api';
import { WalletError } from '../errors';
import type { StorageArea } from '../platform';
import type { ChainRpc } from './rpc-client';
import { rpcErrorText } from './rpc-error';

export const NETWORK_KEY = 'network';

/**
 * The default network: the local chain (anvil on its usual port, chain 31337, the addresses a
 * fresh deployment lands on). It is the only deployment of the contract so far; a release for a
 * public chain would name its deployment here.
 */
export const DEFAULT_NETWORK: NetworkConfig = {
  rpcUrl: LOCAL_RPC_URL,
  chainId: LOCAL_DEPLOYMENT.chainId,
  contract: LOCAL_DEPLOYMENT.contract,
  token: LOCAL_DEPLOYMENT.token,
};

/** A client for one network (rpc-client.ts's in the worker). */
export type ChainClientFactory = (config: NetworkConfig) => ChainRpc;

interface StoredNetwork {
  config: NetworkConfig;
  facts?: NetworkFacts;
}

/**
 * The asset lookup the approval flow needs, narrowly: `services.network` is one. Asynchronous,
 * as it reads storage.local.
 */
export type AssetLookup = Pick<NetworkStore, 'assetFor'>;

/** An asset domain, as vouchers name it. */
export interface AssetDomain {
  chainId: bigint;
  verifyingContract: Address;
}

/**
 * Checks a network against its chain: the RPC answers with the chain id given, a VoucherCollateral
 * answers at the contract address and holds the token given; then reads the token's symbol and
 * decimals from the token itself.
 */
export async function checkNetwork(client: ChainRpc, config: NetworkConfig, now: number): Promise<NetworkFacts> {
  let chainId: number;
  try {
    chainId = hexToNumber(await client.request({ method: 'eth_chainId' }));
  } catch (error) {
    throw new WalletError('network_unreachable', `${config.rpcUrl} did not answer: ${rpcErrorText(error)}`);
  }
  if (chainId !== config.chainId) {
    throw new WalletError('network_chain_mismatch', `${config.rpcUrl} serves chain ${chainId}, not ${config.chainId}`);
  }
  let terms;
  try {
    terms = await readContractTerms(client, config.contract);
  } catch (error) {
    throw new WalletError('network_no_contract', `no collateral contract answers at ${config.contract}: ${rpcErrorText(error)}`);
  }
  if (terms.token !== getAddress(config.token)) {
    throw new WalletError('network_token_mismatch', `the contract holds ${terms.token}, not ${config.token}`);
  }
  let asset;
  try {
    asset = await readTokenAsset(client, terms.token);
  } catch (error) {
    throw new WalletError('network_no_contract', `the token at ${terms.token} does not answer symbol()/decimals(): ${rpcErrorText(error)}`);
  }
  return { asset, thawPeriodSeconds: terms.thawPeriod, noticePeriodSeconds: terms.noticePeriod, checkedAt: now };
}

/** The network settings, in storage.local: the user's choice outlives the worker and the browser. */
export class NetworkStore {
  constructor(
    private readonly local: StorageArea,
    private readonly clientFor: ChainClientFactory,
    private readonly now: () => number,
  ) {}

  async view(): Promise<NetworkView> {
    const stored = await this.stored();
    if (!stored) return { config: DEFAULT_NETWORK, isDefault: true };
    return { ...stored, isDefault: false } as NetworkView;
  }

  /** Checks `config` against its chain, then saves it; nothing is saved when the check fails. */
  async save(input: NetworkConfig): Promise<NetworkView> {
    const config = normalised(input);
    const facts = await checkNetwork(this.clientFor(config), config, this.now());
    await this.write({ config, facts });
    return { config, facts, isDefault: false };
  }

  /** The network with its facts, checking it first when it never was (the default, on first use). */
  async checked(): Promise<{ config: NetworkConfig; facts: NetworkFacts }> {
    const view = await this.view();
    if (view.facts) return { config: view.config, facts: view.facts };
    const facts = await checkNetwork(this.clientFor(view.config), view.config, this.now());
    await this.write({ config: view.config, facts });
    return { config: view.config, facts };
  }

  client(config: NetworkConfig): ChainRpc {
    return this.clientFor(config);
  }

  /**
   * The asset of a voucher domain when it is the configured network's (chain id and collateral
   * contract), as read from the token contract; undefined for any other domain or before the
   * network was checked. The approval flow takes the asset from here, not from the vendor.
   */
  async assetFor(domain: AssetDomain): Promise<Asset | undefined> {
    const view = await this.view();
    if (!view.facts || !sameDomain(view.config, domain)) return undefined;
    return { ...view.facts.asset, address: view.config.token };
  }

  private async stored(): Promise<StoredNetwork | undefined> {
    const value = (await this.local.get(NETWORK_KEY))[NETWORK_KEY];
    return value === undefined ? undefined : (fromWire(value) as StoredNetwork);
  }

  private async write(value: StoredNetwork): Promise<void> {
    await this.local.set({ [NETWORK_KEY]: toWire(value) });
  }
}

export function sameDomain(config: NetworkConfig, domain: AssetDomain): boolean {
  return BigInt(config.chainId) === domain.chainId && getAddress(config.contract) === getAddress(domain.verifyingContract);
}

function normalised(config: NetworkConfig): NetworkConfig {
  return { rpcUrl: config.rpcUrl.trim(), chainId: config.chainId, contract: getAddress(config.contract), token: getAddress(config.token) };
}
