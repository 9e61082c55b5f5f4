import { getContractAddress } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { ANVIL_MNEMONIC } from './local-chain';
import { LOCAL_CONTRACT, LOCAL_DEPLOYER, LOCAL_TOKEN } from './local-deployment';

describe('the local deployment addresses', () => {
  it('are the first two contract addresses of anvil\'s first account, token first', () => {
    expect(mnemonicToAccount(ANVIL_MNEMONIC, { addressIndex: 0 }).address).toBe(LOCAL_DEPLOYER);
    expect(getContractAddress({ from: LOCAL_DEPLOYER, nonce: 0n })).toBe(LOCAL_TOKEN);
    expect(getContractAddress({ from: LOCAL_DEPLOYER, nonce: 1n })).toBe(LOCAL_CONTRACT);
  });
});
