import {
  encodeEventTopics,
  encodeFunctionData,
  erc20Abi,
  getAddress,
  hexToBigInt,
  parseEventLogs,
  type Address,
  type Chain,
  type EIP1193RequestFn,
  type Hex,
  type PublicClient,
  type PublicRpcSchema,
  type Transport,
} from 'viem';
import { voucherCollateralAbi } from './artifacts/VoucherCollateral';

/**
 * The client's side of the collateral contract, for the wallet: what its key holds and owes on
 * chain, and the calls it signs. Reads only; the worker signs and sends (src/background/network).
 */
export interface CollateralAddresses {
  contract: Address;
  token: Address;
}

export interface TokenAsset {
  symbol: string;
  decimals: number;
}

/** subscriptionEnd() of a subscription with no unsubscription pending (type(uint64).max). */
export const NO_SUBSCRIPTION_END = (1n << 64n) - 1n;

/**
 * What these reads need of a client: typed contract reads and raw JSON-RPC. A viem PublicClient
 * has both; the extension's worker builds a smaller one (src/background/network/rpc-client.ts).
 */
export interface ChainReader {
  readContract: PublicClient<Transport, Chain>['readContract'];
  request: EIP1193RequestFn<PublicRpcSchema>;
}
type Client = ChainReader;

/** The latest block's timestamp, seconds. */
export async function chainTime(client: Client): Promise<bigint> {
  const block = await client.request({ method: 'eth_getBlockByNumber', params: ['latest', false] });
  if (!block) throw new Error('the node has no latest block');
  return hexToBigInt(block.timestamp);
}

/** The token's own symbol and decimals: never what a user types or a vendor claims. */
export async function readTokenAsset(client: Client, token: Address): Promise<TokenAsset> {
  const [symbol, decimals] = await Promise.all([
    client.readContract({ address: token, abi: erc20Abi, functionName: 'symbol' }),
    client.readContract({ address: token, abi: erc20Abi, functionName: 'decimals' }),
  ]);
  return { symbol, decimals };
}

/** The contract's collateral token and its periods; throws when the address is no VoucherCollateral. */
export async function readContractTerms(client: Client, contract: Address): Promise<{ token: Address; thawPeriod: bigint; noticePeriod: bigint }> {
  const at = { address: contract, abi: voucherCollateralAbi } as const;
  const [token, thawPeriod, noticePeriod] = await Promise.all([
    client.readContract({ ...at, functionName: 'token' }),
    client.readContract({ ...at, functionName: 'thawPeriod' }),
    client.readContract({ ...at, functionName: 'noticePeriod' }),
  ]);
  return { token: getAddress(token), thawPeriod: BigInt(thawPeriod), noticePeriod: BigInt(noticePeriod) };
}

export interface ClientAccountState {
  /** The latest block's timestamp, seconds: thaw and notice ends are measured against it. */
  chainTime: bigint;
  /** Native currency for gas, wei. */
  gasBalance: bigint;
  tokenBalance: bigint;
  /** What the contract may pull from the client's tokens (deposit needs it). */
  allowance: bigint;
  /** All the client holds in the contract, thawing included. */
  collateral: bigint;
  thawing: bigint;
  /** Seconds since the epoch from which the thawing atoms may be withdrawn; 0 when nothing thaws. */
  thawEnd: bigint;
  totalSubscriptions: bigint;
}

export async function readClientAccount(client: Client, at: CollateralAddresses, address: Address): Promise<ClientAccountState> {
  const contract = { address: at.contract, abi: voucherCollateralAbi } as const;
  const token = { address: at.token, abi: erc20Abi } as const;
  const [time, gasBalance, tokenBalance, allowance, collateral, [thawing, thawEnd], totalSubscriptions] = await Promise.all([
    chainTime(client),
    client.request({ method: 'eth_getBalance', params: [address, 'latest'] }).then(hexToBigInt),
    client.readContract({ ...token, functionName: 'balanceOf', args: [address] }),
    client.readContract({ ...token, functionName: 'allowance', args: [address, at.contract] }),
    client.readContract({ ...contract, functionName: 'collateral', args: [address] }),
    client.readContract({ ...contract, functionName: 'thawing', args: [address] }),
    client.readContract({ ...contract, functionName: 'totalSubscriptions', args: [address] }),
  ]);
  return {
    chainTime: time,
    gasBalance,
    tokenBalance,
    allowance,
    collateral,
    thawing,
    thawEnd: BigInt(thawEnd),
    totalSubscriptions,
  };
}

export interface SubscriptionState {
  vendor: Address;
  /** Seconds since the epoch when an unsubscription takes effect; null while no unsubscription is pending. */
  endsAt: bigint | null;
}

/**
 * The vendors `address` is subscribed to now (notice periods included): those its Subscribed
 * events name, and `candidates` (vendors the wallet knows), each checked with subscriptionEnd. A
 * node that refuses the log query (range limits on public RPCs) leaves only the candidates.
 */
export async function readSubscriptions(
  client: Client,
  contract: Address,
  address: Address,
  candidates: readonly Address[],
  chainTime: bigint,
): Promise<SubscriptionState[]> {
  const vendors = new Set(candidates.map((vendor) => getAddress(vendor)));
  try {
    const topics = encodeEventTopics({ abi: voucherCollateralAbi, eventName: 'Subscribed', args: { client: address } });
    const logs = await client.request({ method: 'eth_getLogs', params: [{ address: contract, topics, fromBlock: '0x0', toBlock: 'latest' }] });
    for (const log of parseEventLogs({ abi: voucherCollateralAbi, eventName: 'Subscribed', logs })) vendors.add(getAddress(log.args.vendor));
  } catch {
    // candidates only
  }
  const ends = await Promise.all(
    [...vendors].map(async (vendor) => ({
      vendor,
      end: BigInt(await client.readContract({ address: contract, abi: voucherCollateralAbi, functionName: 'subscriptionEnd', args: [address, vendor] })),
    })),
  );
  return ends
    .filter(({ end }) => end > chainTime)
    .map(({ vendor, end }) => ({ vendor, endsAt: end === NO_SUBSCRIPTION_END ? null : end }))
    .sort((a, b) => a.vendor.localeCompare(b.vendor));
}

export interface RedeemedTotals {
  atoms: bigint;
  vouchers: bigint;
  /** Meaningless while vouchers is 0. */
  highestNonce: bigint;
}

/** What `vendor` has redeemed from `address` on chain (the contract's running totals). */
export async function readRedeemedTotals(client: Client, contract: Address, address: Address, vendor: Address): Promise<RedeemedTotals> {
  const [atoms, vouchers, highestNonce] = await client.readContract({
    address: contract,
    abi: voucherCollateralAbi,
    functionName: 'redeemedTotals',
    args: [address, vendor],
  });
  return { atoms, vouchers, highestNonce: BigInt(highestNonce) };
}

/** The client's calls. `approve` is the token's; the others are the contract's. */
export type CollateralAction =
  | { kind: 'approve'; atoms: bigint }
  | { kind: 'deposit'; atoms: bigint }
  | { kind: 'requestWithdrawal'; atoms: bigint }
  | { kind: 'cancelWithdrawal' }
  | { kind: 'withdraw' }
  | { kind: 'subscribe'; vendor: Address }
  | { kind: 'unsubscribe'; vendor: Address };

export type CollateralActionKind = CollateralAction['kind'];

export function collateralCall(at: CollateralAddresses, action: CollateralAction): { to: Address; data: Hex } {
  const abi = voucherCollateralAbi;
  switch (action.kind) {
    case 'approve':
      return { to: at.token, data: encodeFunctionData({ abi: erc20Abi, functionName: 'approve', args: [at.contract, action.atoms] }) };
    case 'deposit':
      return { to: at.contract, data: encodeFunctionData({ abi, functionName: 'deposit', args: [action.atoms] }) };
    case 'requestWithdrawal':
      return { to: at.contract, data: encodeFunctionData({ abi, functionName: 'requestWithdrawal', args: [action.atoms] }) };
    case 'cancelWithdrawal':
      return { to: at.contract, data: encodeFunctionData({ abi, functionName: 'cancelWithdrawal' }) };
    case 'withdraw':
      return { to: at.contract, data: encodeFunctionData({ abi, functionName: 'withdraw' }) };
    case 'subscribe':
      return { to: at.contract, data: encodeFunctionData({ abi, functionName: 'subscribe', args: [action.vendor] }) };
    case 'unsubscribe':
      return { to: at.contract, data: encodeFunctionData({ abi, functionName: 'unsubscribe', args: [action.vendor] }) };
  }
}
