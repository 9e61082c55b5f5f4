import { afterAll, beforeAll, expect, it } from 'vitest';
import { getAddress, getContractAddress } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { ANVIL_MNEMONIC } from './local-chain';
import { LOCAL_DEPLOYER, LOCAL_DEPLOYMENT } from './local-deployment';
import { startTestChain, type TestChain } from './test-chain';

let chain: TestChain;
beforeAll(async () => {
  chain = await startTestChain();
});
afterAll(() => chain?.stop());

it("are the first two contract addresses of anvil's first account, token first", () => {
  expect(mnemonicToAccount(ANVIL_MNEMONIC, { addressIndex: 0 }).address).toBe(LOCAL_DEPLOYER);
  expect(getContractAddress({ from: LOCAL_DEPLOYER, nonce: 0n })).toBe(LOCAL_DEPLOYMENT.token);
  expect(getContractAddress({ from: LOCAL_DEPLOYER, nonce: 1n })).toBe(LOCAL_DEPLOYMENT.contract);
});

it('names the addresses a fresh local chain deploys to', () => {
  expect(chain.config.chainId).toBe(LOCAL_DEPLOYMENT.chainId);
  expect(getAddress(chain.config.token)).toBe(LOCAL_DEPLOYMENT.token);
  expect(getAddress(chain.config.contract)).toBe(LOCAL_DEPLOYMENT.contract);
});
