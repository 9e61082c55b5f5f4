import { createPublicClient, createTestClient, createWalletClient, defineChain, erc20Abi, getAddress, http, parseEther, type Address } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { testTokenAbi } from '../../src/chain/artifacts/TestToken';
import { voucherCollateralAbi } from '../../src/chain/artifacts/VoucherCollateral';
import { ANVIL_MNEMONIC } from '../../src/chain/local-chain';
import type { VendorInfo } from './vendor-process';

/** The vendor's local chain seen from the test: balances, funding a wallet's address, moving time. */
export class VendorChain {
  readonly rpcUrl: string;
  readonly contract: Address;
  readonly token: Address;
  private readonly chain;
  private readonly publicClient;
  private readonly testClient;
  private readonly minter;

  constructor(info: VendorInfo) {
    if (!info.chain) throw new Error('the vendor runs without a chain: use the onChain fixture option');
    this.rpcUrl = info.chain.rpcUrl;
    this.contract = getAddress(info.chain.contract);
    this.token = getAddress(info.chain.token);
    this.chain = defineChain({ id: info.chain.chainId, name: 'local', nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 }, rpcUrls: { default: { http: [this.rpcUrl] } } });
    const transport = http(this.rpcUrl);
    this.publicClient = createPublicClient({ chain: this.chain, transport, pollingInterval: 50 });
    this.testClient = createTestClient({ mode: 'anvil', chain: this.chain, transport, pollingInterval: 50 });
    // One of anvil's development accounts pays the mints (the TestToken mints to anyone on its own chain).
    this.minter = createWalletClient({ account: mnemonicToAccount(ANVIL_MNEMONIC, { addressIndex: 9 }), chain: this.chain, transport, pollingInterval: 50 });
  }

  /** Gives `address` test tokens and gas money, as a faucet would, without depositing anything. */
  async fund(address: Address, atoms: bigint, eth = parseEther('1')): Promise<void> {
    await this.testClient.setBalance({ address, value: eth });
    const hash = await this.minter.writeContract({ address: this.token, abi: testTokenAbi, functionName: 'mint', args: [address, atoms] });
    const receipt = await this.publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== 'success') throw new Error('mint reverted');
  }

  tokenBalance(address: Address): Promise<bigint> {
    return this.publicClient.readContract({ address: this.token, abi: erc20Abi, functionName: 'balanceOf', args: [address] });
  }

  collateral(address: Address): Promise<bigint> {
    return this.publicClient.readContract({ address: this.contract, abi: voucherCollateralAbi, functionName: 'collateral', args: [address] });
  }

  async redeemedTotal(client: Address, vendor: Address): Promise<bigint> {
    const [atoms] = await this.publicClient.readContract({ address: this.contract, abi: voucherCollateralAbi, functionName: 'redeemedTotals', args: [client, vendor] });
    return atoms;
  }

  /** Moves the chain's clock and mines a block at the new time. */
  async increaseTime(seconds: number): Promise<void> {
    await this.testClient.increaseTime({ seconds });
    await this.testClient.mine({ blocks: 1 });
  }
}
