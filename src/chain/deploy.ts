import type { Account, Address, Chain, Hex, PublicClient, Transport, WalletClient } from 'viem';
import { testTokenAbi, testTokenBytecode } from './artifacts/TestToken';
import { voucherCollateralAbi, voucherCollateralBytecode } from './artifacts/VoucherCollateral';

export interface DeployOptions {
  /** Seconds between a withdrawal request and the withdrawal (the anchors use 15 min to 28 days). */
  thawPeriodSeconds: bigint;
  /** Seconds an unsubscription keeps counting in the client's total. */
  noticePeriodSeconds: bigint;
  /** An existing collateral token; without it a TestToken is deployed (mintable on this chain only). */
  token?: Address;
}

export interface Deployment {
  contract: Address;
  token: Address;
}

async function deployed(publicClient: PublicClient<Transport, Chain>, hash: Hex, what: string): Promise<Address> {
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== 'success' || !receipt.contractAddress) throw new Error(`deploying ${what} failed in ${hash}`);
  return receipt.contractAddress;
}

/** Deploys the collateral contract, and a TestToken first when no token is given. */
export async function deployCollateral(
  wallet: WalletClient<Transport, Chain, Account>,
  publicClient: PublicClient<Transport, Chain>,
  options: DeployOptions,
): Promise<Deployment> {
  const token =
    options.token ??
    (await deployed(
      publicClient,
      await wallet.deployContract({ abi: testTokenAbi, bytecode: testTokenBytecode, args: [BigInt(wallet.chain.id)] }),
      'TestToken',
    ));
  const contract = await deployed(
    publicClient,
    await wallet.deployContract({
      abi: voucherCollateralAbi,
      bytecode: voucherCollateralBytecode,
      args: [token, options.thawPeriodSeconds, options.noticePeriodSeconds],
    }),
    'VoucherCollateral',
  );
  return { contract, token };
}
