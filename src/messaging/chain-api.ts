import type { Address, Hash } from 'viem';

/**
 * The popup's requests about the chain: network settings, the account's funds and
 * subscriptions, the transactions the worker signs and sends, and what vendors redeemed.
 * Part of PopupApi (popup-api.ts); kept apart so the chain's types read in one place.
 */

/** Where the wallet reads and sends: one EVM chain, its collateral contract and token. */
export interface NetworkConfig {
  rpcUrl: string;
  chainId: number;
  contract: Address;
  token: Address;
}

/** Facts read from the chain when the settings were checked, never typed by a person. */
export interface NetworkFacts {
  /** The token contract's own symbol and decimals. */
  asset: { symbol: string; decimals: number };
  thawPeriodSeconds: bigint;
  noticePeriodSeconds: bigint;
  /** ms since the epoch. */
  checkedAt: number;
}

export interface NetworkView {
  config: NetworkConfig;
  /** Absent until the settings were checked against the chain (the default is checked on first use). */
  facts?: NetworkFacts;
  /** The built-in default (the local chain), not yet changed by the user. */
  isDefault: boolean;
}

export interface SubscriptionView {
  vendor: Address;
  /** Where the wallet met this vendor, when it did. */
  vendorOrigin?: string;
  /** Seconds since the epoch when an unsubscription takes effect; null while none is pending. */
  endsAt: bigint | null;
}

/** The account on the configured network, read now. Atoms of the network's token. */
export interface ChainAccountView {
  network: NetworkConfig;
  facts: NetworkFacts;
  address: Address;
  /** The latest block's time, seconds since the epoch. */
  chainTime: bigint;
  gasBalanceWei: bigint;
  tokenBalance: bigint;
  /** All collateral deposited, thawing included. */
  collateral: bigint;
  thawing: bigint;
  /** Seconds since the epoch; 0 when nothing thaws. */
  thawEnd: bigint;
  totalSubscriptions: bigint;
  subscriptions: SubscriptionView[];
}

export type ChainAction =
  | { kind: 'deposit'; atoms: bigint }
  | { kind: 'requestWithdrawal'; atoms: bigint }
  | { kind: 'cancelWithdrawal' }
  | { kind: 'withdraw' }
  | { kind: 'subscribe'; vendor: Address }
  | { kind: 'unsubscribe'; vendor: Address };

/** A transaction's action: the popup's, or the token approval a deposit needs first. */
export type ChainTxAction = ChainAction | { kind: 'approve'; atoms: bigint };

export type ChainTxStatus = 'pending' | 'mined' | 'failed';

export interface ChainTxView {
  hash: Hash;
  action: ChainTxAction;
  chainId: number;
  status: ChainTxStatus;
  /** ms since the epoch. */
  createdAt: number;
  settledAt?: number;
  blockNumber?: bigint;
  /** Why it failed: reverted on chain, or dropped. */
  error?: string;
}

/** What one approved vendor holds of this key's money on chain, next to the wallet's own counts. */
export interface VendorChainTotals {
  vendorKey: string;
  /** Atoms the vendor redeemed from this key (the contract's redeemedTotals). */
  redeemedAtoms: bigint;
  redeemedVouchers: bigint;
  /** The network token's units (read from the token). */
  asset: { symbol: string; decimals: number };
}

/** For an approval: is this key subscribed to the vendor, and how its collateral is shared. */
export interface SubscriptionOffer {
  /** False when the vendor's chain or contract is not the configured network's: nothing to offer. */
  sameNetwork: boolean;
  subscribed: boolean;
  /** Free collateral (deposited minus thawing), atoms. */
  freeCollateral: bigint;
  totalSubscriptions: bigint;
  asset?: { symbol: string; decimals: number };
  noticePeriodSeconds?: bigint;
}

export interface ChainPopupApi {
  'network.get': { input: Record<string, never>; output: NetworkView };
  /** Checks the settings against the chain (chain id, contract, token) and saves them. */
  'network.set': { input: NetworkConfig; output: NetworkView };
  'chain.account': { input: Record<string, never>; output: ChainAccountView };
  /** Signs and sends (a deposit first approves the token when needed); the transaction is tracked until mined. */
  'chain.send': { input: ChainAction; output: { hash: Hash } };
  'chain.transactions': { input: Record<string, never>; output: ChainTxView[] };
  'chain.vendorTotals': { input: Record<string, never>; output: VendorChainTotals[] };
  'chain.subscriptionOffer': {
    input: { vendor: Address; chainId: bigint; verifyingContract: Address };
    output: SubscriptionOffer;
  };
}
