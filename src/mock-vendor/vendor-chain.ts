import { createTestClient, getAddress, http, parseEther, type Account, type Address, type Chain, type PublicClient, type Transport, type WalletClient } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { chainDefinition, publicClientFor, walletFor, type ChainConfig } from '../chain/config';
import { deployCollateral } from '../chain/deploy';
import { ANVIL_MNEMONIC, startLocalChain } from '../chain/local-chain';
import type { ChainSetting } from './config';
import { DemoFaucet } from './demo-faucet';

/** The local chain's periods: short enough to try a withdrawal by hand, long enough to matter. */
const LOCAL_THAW_SECONDS = 900n;
const LOCAL_NOTICE_SECONDS = 600n;
/** Gas money for the vendor's redemptions on the local chain. */
const LOCAL_VENDOR_ETH = parseEther('100');
/** Anvil mines at once: a short receipt poll keeps redemption rounds short. */
const LOCAL_POLL_MS = 50;

/** The chain a vendor reads collateral from and redeems on. */
export interface VendorChain {
  config: ChainConfig;
  publicClient: PublicClient<Transport, Chain>;
  /** The vendor's account on this chain: it sends the redemptions. */
  wallet: WalletClient<Transport, Chain, Account>;
  /** Only on the local chain: funds demo clients with test collateral. */
  faucet: DemoFaucet | null;
  /** Stops the local chain when this vendor started it. */
  stop(): Promise<void>;
}

/**
 * Connects the vendor to its chain. 'local' starts anvil on 127.0.0.1, deploys a TestToken and
 * the collateral contract from anvil's first development account, and gives the vendor's
 * account gas money; a ChainConfig is used as given (the vendor's account must hold gas there).
 */
export async function connectVendorChain(setting: ChainSetting, vendor: Account, vendorAddress: Address, localPort?: number): Promise<VendorChain> {
  if (setting !== 'local') {
    return {
      config: setting,
      publicClient: publicClientFor(setting.rpcUrl, setting.chainId),
      wallet: walletFor(vendor, setting.rpcUrl, setting.chainId),
      faucet: null,
      stop: async () => {},
    };
  }
  const local = await startLocalChain(localPort === undefined ? {} : { port: localPort });
  try {
    const publicClient = publicClientFor(local.rpcUrl, local.chainId, LOCAL_POLL_MS);
    const deployer = walletFor(mnemonicToAccount(ANVIL_MNEMONIC, { addressIndex: 0 }), local.rpcUrl, local.chainId, LOCAL_POLL_MS);
    const deployment = await deployCollateral(deployer, publicClient, { thawPeriodSeconds: LOCAL_THAW_SECONDS, noticePeriodSeconds: LOCAL_NOTICE_SECONDS });
    const config: ChainConfig = { rpcUrl: local.rpcUrl, chainId: local.chainId, contract: getAddress(deployment.contract), token: getAddress(deployment.token) };
    const testClient = createTestClient({ mode: 'anvil', chain: chainDefinition(local.rpcUrl, local.chainId), transport: http(local.rpcUrl), pollingInterval: LOCAL_POLL_MS });
    await testClient.setBalance({ address: vendorAddress, value: LOCAL_VENDOR_ETH });
    return {
      config,
      publicClient,
      wallet: walletFor(vendor, local.rpcUrl, local.chainId, LOCAL_POLL_MS),
      faucet: new DemoFaucet({ config, publicClient, testClient, deployer, vendor: vendorAddress }),
      stop: () => local.stop(),
    };
  } catch (error) {
    await local.stop();
    throw error;
  }
}
