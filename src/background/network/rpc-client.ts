import { createClient, decodeFunctionResult, encodeFunctionData, hexToBigInt, hexToNumber, http, type Address, type Chain, type Hash, type Hex } from 'viem';
import { chainDefinition } from '../../chain/config';
import type { ChainReader } from '../../chain/wallet-chain';
import type { NetworkConfig } from '../../messaging/chain-api';

/** What the worker asks of a chain: typed contract reads and raw JSON-RPC (a viem PublicClient qualifies). */
export interface ChainRpc extends ChainReader {
  chain: Chain;
}

/**
 * A bare viem client (transport and chain) with a contract read over a plain eth_call, not
 * createPublicClient: viem's actions (signature recovery in gas estimation and verification,
 * CCIP-read in eth_call) reach modules through import(), which throws in an extension service
 * worker (src/background/bundle.test.ts). The collateral contract and ERC-20 tokens never answer
 * with an offchain lookup. `retryCount: 0`: a failed call is reported; the receipt alarm retries.
 */
export function workerChainClient(config: NetworkConfig): ChainRpc {
  const client = createClient({ chain: chainDefinition(config.rpcUrl, config.chainId), transport: http(config.rpcUrl, { retryCount: 0 }) });
  const request = client.request as ChainRpc['request'];
  const readContract = async (args: { address: Address; abi: readonly unknown[]; functionName: string; args?: readonly unknown[] }) => {
    const data = encodeFunctionData(args as Parameters<typeof encodeFunctionData>[0]);
    const result = await request({ method: 'eth_call', params: [{ to: args.address, data }, 'latest'] });
    return decodeFunctionResult({ abi: args.abi, functionName: args.functionName, data: result } as Parameters<typeof decodeFunctionResult>[0]);
  };
  return { chain: client.chain, request, readContract: readContract as unknown as ChainRpc['readContract'] };
}

/** An EIP-1559 transaction ready to sign (legacy gas price on a chain without a base fee). */
export type UnsignedTx =
  | { type: 'eip1559'; chainId: number; nonce: number; to: Address; data: Hex; gas: bigint; maxFeePerGas: bigint; maxPriorityFeePerGas: bigint }
  | { type: 'legacy'; chainId: number; nonce: number; to: Address; data: Hex; gas: bigint; gasPrice: bigint };

/** A fallback tip when the node does not answer eth_maxPriorityFeePerGas: 1 gwei. */
const DEFAULT_PRIORITY_FEE = 1_000_000_000n;

/**
 * Fills nonce, gas and fees for a call from `from`. eth_estimateGas simulates the call, so one
 * the contract would revert fails here, before anything is signed.
 */
export async function prepareCall(rpc: ChainRpc, from: Address, call: { to: Address; data: Hex }): Promise<UnsignedTx> {
  const [nonce, gas, block] = await Promise.all([
    rpc.request({ method: 'eth_getTransactionCount', params: [from, 'pending'] }).then(hexToNumber),
    rpc.request({ method: 'eth_estimateGas', params: [{ from, to: call.to, data: call.data }] }).then(hexToBigInt),
    rpc.request({ method: 'eth_getBlockByNumber', params: ['latest', false] }),
  ]);
  const base = { chainId: rpc.chain.id, nonce, to: call.to, data: call.data, gas };
  if (block?.baseFeePerGas) {
    const tip = await rpc.request({ method: 'eth_maxPriorityFeePerGas' }).then(hexToBigInt, () => DEFAULT_PRIORITY_FEE);
    // Twice the base fee: the transaction stays valid through several blocks of rising fees.
    return { type: 'eip1559', ...base, maxFeePerGas: hexToBigInt(block.baseFeePerGas) * 2n + tip, maxPriorityFeePerGas: tip };
  }
  return { type: 'legacy', ...base, gasPrice: await rpc.request({ method: 'eth_gasPrice' }).then(hexToBigInt) };
}

export async function sendRaw(rpc: ChainRpc, raw: Hex): Promise<void> {
  await rpc.request({ method: 'eth_sendRawTransaction', params: [raw] });
}

/** null while the node has no receipt (pending, or unknown to it). */
export async function receiptOf(rpc: ChainRpc, hash: Hash): Promise<{ mined: boolean; blockNumber: bigint } | null> {
  const receipt = await rpc.request({ method: 'eth_getTransactionReceipt', params: [hash] });
  if (!receipt) return null;
  return { mined: receipt.status === '0x1', blockNumber: hexToBigInt(receipt.blockNumber) };
}

/** Transactions from `address` in mined blocks: a nonce below it is taken. */
export async function minedNonce(rpc: ChainRpc, address: Address): Promise<number> {
  return hexToNumber(await rpc.request({ method: 'eth_getTransactionCount', params: [address, 'latest'] }));
}
