import { getContractAddress, type Address } from 'viem';

/**
 * Where deployCollateral() lands on a fresh local chain: anvil's first development account
 * (derived from ANVIL_MNEMONIC, index 0) deploys the TestToken with nonce 0 and the contract
 * with nonce 1, so the addresses are the same on every fresh anvil. Kept apart from
 * local-chain.ts, which starts processes, so the extension's worker can import it.
 */
export const LOCAL_DEPLOYER: Address = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
export const LOCAL_RPC_URL = 'http://127.0.0.1:8545';
export const LOCAL_DEPLOYMENT = {
  chainId: 31337,
  token: getContractAddress({ from: LOCAL_DEPLOYER, nonce: 0n }),
  contract: getContractAddress({ from: LOCAL_DEPLOYER, nonce: 1n }),
} as const;
