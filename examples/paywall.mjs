import { MemoryChainOracle, MemoryClientStore } from 'voucher-wallet/engine';
import { createPaywall } from 'voucher-wallet/paywall';

// Vouchers name this vendor address, this chain and this collateral contract (the local chain's,
// which the wallet knows); prices are in atoms of the asset.
export const paywall = createPaywall({
  terms: {
    vendor: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
    domain: { chainId: 31337n, verifyingContract: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512' },
    asset: { symbol: 'USDC', decimals: 6 },
    prices: { atomsPerHour: 3_600_000n, atomsPerGB: 10_000_000n },
    suggestedVoucherAtoms: 1_000_000n,
  },
  clients: new MemoryClientStore(), // or SqlClientStore from 'voucher-wallet/engine/sql'
  // A demo chain: every client is subscribed with 100 USDC of collateral. Use a chain-backed ChainOracle in production.
  oracle: new MemoryChainOracle({ collateral: 100_000_000n }),
});
