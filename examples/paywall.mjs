import { MemoryChainOracle, MemoryClientStore } from 'voucher-wallet/engine';
import { createPaywall } from 'voucher-wallet/paywall';

// Vouchers name this vendor address and this chain; prices are in atoms of the asset.
export const paywall = createPaywall({
  terms: {
    vendor: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
    domain: { chainId: 31337n, verifyingContract: '0x5FbDB2315678afecb367f032d93F642f64180aa3' },
    asset: { symbol: 'USDC', decimals: 6 },
    prices: { atomsPerHour: 3_600_000n, atomsPerGB: 10_000_000n },
    suggestedVoucherAtoms: 1_000_000n,
  },
  clients: new MemoryClientStore(), // or SqlClientStore from 'voucher-wallet/engine/sql'
  // A demo chain: every client is subscribed with 100 USDC of collateral. Use a chain-backed ChainOracle in production.
  oracle: new MemoryChainOracle({ collateral: 100_000_000n }),
});
