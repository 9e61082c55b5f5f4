import type { Address } from 'viem';

/**
 * Where deployCollateral() lands on a fresh local chain, the same on every run: anvil (chain
 * 31337) with its public development mnemonic, deploy() sending from its first account, so the
 * TestToken lands at that account's nonce-0 address and the collateral contract at its nonce-1
 * address (local-deployment.test.ts derives both and checks them against a real deployment).
 * Kept apart from local-chain.ts, which starts processes, so the extension's worker can import it.
 */
export const LOCAL_DEPLOYER: Address = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
export const LOCAL_RPC_URL = 'http://127.0.0.1:8545';
export const LOCAL_DEPLOYMENT = {
  chainId: 31337,
  token: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
  /** The VoucherCollateral contract: the local vouchers' verifyingContract. */
  contract: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512',
} as const satisfies { chainId: number; token: Address; contract: Address };
/** The TestToken's ERC-20 symbol and decimals (contracts/TestToken.sol). */
export const LOCAL_TOKEN_SYMBOL = 'tUSD';
export const LOCAL_TOKEN_DECIMALS = 6;
