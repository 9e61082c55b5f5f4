import { createTestClient, http, type Account, type Address, type Chain, type Hash, type PublicClient, type TestClient, type Transport, type WalletClient } from 'viem';
import { mnemonicToAccount, type HDAccount } from 'viem/accounts';
import type { VoucherDomain } from '../protocol';
import { testTokenAbi } from './artifacts/TestToken';
import { voucherCollateralAbi } from './artifacts/VoucherCollateral';
import { chainDefinition, publicClientFor, walletFor, type ChainConfig } from './config';
import { deployCollateral } from './deploy';
import { ANVIL_MNEMONIC, startLocalChain, type LocalChain } from './local-chain';

/**
 * A local chain for one test file: anvil, the token and the contract deployed, and helpers for
 * the anvil accounts (0 deploys; tests choose vendors and clients among the others).
 */
export const THAW_SECONDS = 3_600n;
export const NOTICE_SECONDS = 600n;
/** Anvil mines at once: a short receipt poll keeps tests fast. */
const POLL_MS = 20;

export interface TestChain {
  local: LocalChain;
  config: ChainConfig;
  domain: VoucherDomain;
  publicClient: PublicClient<Transport, Chain>;
  testClient: TestClient<'anvil', Transport, Chain>;
  account(index: number): HDAccount;
  wallet(index: number): WalletClient<Transport, Chain, Account>;
  /** Waits for a transaction and fails unless it succeeded. */
  mined(hash: Hash): Promise<void>;
  /** Mints `atoms`, approves and deposits them for account `index`. */
  deposit(index: number, atoms: bigint): Promise<void>;
  subscribe(index: number, vendor: Address): Promise<void>;
  tokenBalance(address: Address): Promise<bigint>;
  collateral(client: Address): Promise<bigint>;
  /** Moves the chain's clock and mines a block at the new time. */
  increaseTime(seconds: bigint): Promise<void>;
  /** Takes a snapshot; the returned function reverts to it (once). */
  snapshot(): Promise<() => Promise<void>>;
  stop(): Promise<void>;
}

export async function startTestChain(): Promise<TestChain> {
  const local = await startLocalChain();
  const chain = chainDefinition(local.rpcUrl, local.chainId);
  const publicClient = publicClientFor(local.rpcUrl, local.chainId, POLL_MS);
  const testClient = createTestClient({ mode: 'anvil', chain, transport: http(local.rpcUrl), pollingInterval: POLL_MS });
  const accounts = new Map<number, HDAccount>();
  const account = (index: number): HDAccount => {
    let found = accounts.get(index);
    if (!found) {
      found = mnemonicToAccount(ANVIL_MNEMONIC, { addressIndex: index });
      accounts.set(index, found);
    }
    return found;
  };
  const wallet = (index: number) => walletFor(account(index), local.rpcUrl, local.chainId, POLL_MS);
  const mined = async (hash: Hash): Promise<void> => {
    const receipt = await publicClient.waitForTransactionReceipt({ hash, pollingInterval: POLL_MS });
    if (receipt.status !== 'success') throw new Error(`transaction ${hash} reverted`);
  };
  try {
    const deployment = await deployCollateral(wallet(0), publicClient, { thawPeriodSeconds: THAW_SECONDS, noticePeriodSeconds: NOTICE_SECONDS });
    const config: ChainConfig = { rpcUrl: local.rpcUrl, chainId: local.chainId, ...deployment };
    const contract = { address: deployment.contract, abi: voucherCollateralAbi } as const;
    const token = { address: deployment.token, abi: testTokenAbi } as const;
    return {
      local,
      config,
      domain: { chainId: BigInt(local.chainId), verifyingContract: deployment.contract },
      publicClient,
      testClient,
      account,
      wallet,
      mined,
      async deposit(index, atoms) {
        const client = wallet(index);
        await mined(await client.writeContract({ ...token, functionName: 'mint', args: [client.account.address, atoms] }));
        await mined(await client.writeContract({ ...token, functionName: 'approve', args: [deployment.contract, atoms] }));
        await mined(await client.writeContract({ ...contract, functionName: 'deposit', args: [atoms] }));
      },
      async subscribe(index, vendor) {
        await mined(await wallet(index).writeContract({ ...contract, functionName: 'subscribe', args: [vendor] }));
      },
      tokenBalance: (address) => publicClient.readContract({ ...token, functionName: 'balanceOf', args: [address] }),
      collateral: (client) => publicClient.readContract({ ...contract, functionName: 'collateral', args: [client] }),
      async increaseTime(seconds) {
        await testClient.increaseTime({ seconds: Number(seconds) });
        await testClient.mine({ blocks: 1 });
      },
      async snapshot() {
        const id = await testClient.snapshot();
        return async () => {
          await testClient.revert({ id });
        };
      },
      stop: () => local.stop(),
    };
  } catch (error) {
    await local.stop();
    throw error;
  }
}
