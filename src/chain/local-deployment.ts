import type { Address } from 'viem';

/**
 * The local chain's deployment, the same on every run: anvil (chain 31337) with its public
 * development mnemonic, and deploy() sending from its first account, so the TestToken lands at
 * that account's nonce-0 address and the collateral contract at its nonce-1 address
 * (local-deployment.test.ts derives both).
 */
export const LOCAL_CHAIN_ID = 31337;
export const LOCAL_DEPLOYER: Address = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
export const LOCAL_TOKEN: Address = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
/** The VoucherCollateral contract: the local vouchers' verifyingContract. */
export const LOCAL_CONTRACT: Address = '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512';
/** The TestToken's ERC-20 symbol and decimals (contracts/TestToken.sol). */
export const LOCAL_TOKEN_SYMBOL = 'tUSD';
export const LOCAL_TOKEN_DECIMALS = 6;
