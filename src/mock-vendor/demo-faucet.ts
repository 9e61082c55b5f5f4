import { parseEther, type Account, type Address, type Chain, type Hash, type PublicClient, type TestClient, type Transport, type WalletClient } from 'viem';
import { testTokenAbi } from '../chain/artifacts/TestToken';
import { voucherCollateralAbi } from '../chain/artifacts/VoucherCollateral';
import type { ChainConfig } from '../chain/config';
import { InProcessKeyedLock } from '../lib/keyed-lock';

/** What one faucet call gives a client: 100 units of the 6-decimal test token as collateral. */
export const FAUCET_COLLATERAL_ATOMS = 100_000_000n;
/** Gas money, so the client can later unsubscribe or withdraw from its own wallet. */
const FAUCET_CLIENT_ETH = parseEther('1');

export interface DemoFaucetOptions {
  config: ChainConfig;
  publicClient: PublicClient<Transport, Chain>;
  testClient: TestClient<'anvil', Transport, Chain>;
  /** Anvil's development account that deployed the TestToken; it pays the mint. */
  deployer: WalletClient<Transport, Chain, Account>;
  vendor: Address;
}

export interface FaucetGrant {
  client: Address;
  deposited: bigint;
  collateral: bigint;
  subscribed: boolean;
}

/**
 * Local chain only: makes a client a paying one without its key. It mints test tokens to the
 * client, then acts as the client through anvil's impersonation (approve, deposit, subscribe to
 * this vendor), which no real chain allows. Calls for one client run one at a time.
 */
export class DemoFaucet {
  private readonly lock = new InProcessKeyedLock();

  constructor(private readonly options: DemoFaucetOptions) {}

  fund(client: Address): Promise<FaucetGrant> {
    return this.lock.run('faucet', () => this.grant(client));
  }

  private async grant(client: Address): Promise<FaucetGrant> {
    const { config, publicClient, testClient, deployer, vendor } = this.options;
    const mined = async (hash: Hash): Promise<void> => {
      const receipt = await publicClient.waitForTransactionReceipt({ hash });
      if (receipt.status !== 'success') throw new Error(`faucet transaction ${hash} reverted`);
    };
    const token = { address: config.token, abi: testTokenAbi } as const;
    const contract = { address: config.contract, abi: voucherCollateralAbi } as const;
    await testClient.setBalance({ address: client, value: FAUCET_CLIENT_ETH });
    await mined(await deployer.writeContract({ ...token, functionName: 'mint', args: [client, FAUCET_COLLATERAL_ATOMS] }));
    await testClient.impersonateAccount({ address: client });
    try {
      // An address, not a local account: viem sends eth_sendTransaction and anvil signs for the impersonated client.
      const asClient = { account: client, chain: deployer.chain } as const;
      await mined(await deployer.writeContract({ ...asClient, ...token, functionName: 'approve', args: [config.contract, FAUCET_COLLATERAL_ATOMS] }));
      await mined(await deployer.writeContract({ ...asClient, ...contract, functionName: 'deposit', args: [FAUCET_COLLATERAL_ATOMS] }));
      const subscribed = await publicClient.readContract({ ...contract, functionName: 'isSubscribed', args: [client, vendor] });
      if (!subscribed) await mined(await deployer.writeContract({ ...asClient, ...contract, functionName: 'subscribe', args: [vendor] }));
    } finally {
      await testClient.stopImpersonatingAccount({ address: client });
    }
    const collateral = await publicClient.readContract({ ...contract, functionName: 'collateral', args: [client] });
    return { client, deposited: FAUCET_COLLATERAL_ATOMS, collateral, subscribed: true };
  }
}
