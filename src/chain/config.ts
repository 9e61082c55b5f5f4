import { createPublicClient, createWalletClient, defineChain, http, type Account, type Address, type Chain, type PublicClient, type Transport, type WalletClient } from 'viem';

/**
 * Where the collateral lives: any EVM chain. On the local chain the addresses come from deploy();
 * on a real chain they are the deployed VoucherCollateral and the real token (a USDC-like ERC-20).
 */
export interface ChainConfig {
  rpcUrl: string;
  chainId: number;
  /** The VoucherCollateral contract: the vouchers' verifyingContract. */
  contract: Address;
  /** The collateral token. */
  token: Address;
}

export function chainDefinition(rpcUrl: string, chainId: number): Chain {
  return defineChain({
    id: chainId,
    name: `chain ${chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
}

/** How often receipts are polled; a real chain's block time is seconds, anvil mines at once. */
const DEFAULT_POLLING_MS = 1_000;

/**
 * viem clients for one RPC endpoint. `retryCount: 0`: the oracle and the redeemer decide what a
 * failed call means, and a retry loop inside the transport would only stretch an outage.
 */
export function publicClientFor(rpcUrl: string, chainId: number, pollingIntervalMs = DEFAULT_POLLING_MS): PublicClient<Transport, Chain> {
  return createPublicClient({ chain: chainDefinition(rpcUrl, chainId), transport: http(rpcUrl, { retryCount: 0 }), pollingInterval: pollingIntervalMs });
}

/** A wallet that signs locally (sends raw transactions), so a transaction's hash is known before it is sent. */
export function walletFor(account: Account, rpcUrl: string, chainId: number, pollingIntervalMs = DEFAULT_POLLING_MS): WalletClient<Transport, Chain, Account> {
  return createWalletClient({ account, chain: chainDefinition(rpcUrl, chainId), transport: http(rpcUrl, { retryCount: 0 }), pollingInterval: pollingIntervalMs });
}
