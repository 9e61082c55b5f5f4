import { afterAll, beforeAll, expect, it } from 'vitest';
import { getAddress } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { ANVIL_MNEMONIC } from './local-chain';
import { LOCAL_DEPLOYER, LOCAL_DEPLOYMENT } from './local-deployment';
import { startTestChain, type TestChain } from './test-chain';

let chain: TestChain;
beforeAll(async () => {
  chain = await startTestChain();
});
afterAll(() => chain?.stop());

it('names the addresses a fresh local chain deploys to', () => {
  expect(mnemonicToAccount(ANVIL_MNEMONIC, { addressIndex: 0 }).address).toBe(LOCAL_DEPLOYER);
  expect(chain.config.chainId).toBe(LOCAL_DEPLOYMENT.chainId);
  expect(getAddress(chain.config.token)).toBe(LOCAL_DEPLOYMENT.token);
  expect(getAddress(chain.config.contract)).toBe(LOCAL_DEPLOYMENT.contract);
});
