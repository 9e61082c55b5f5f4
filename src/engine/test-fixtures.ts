import { getAddress, type Address } from 'viem';
import { privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts';
import { signVoucher, type Prices, type SignedVoucher, type VoucherDomain, type VoucherHeader } from '../protocol';
import { Engine, type EngineConfig } from './engine';
import { MemoryChainOracle } from './memory/chain-oracle';
import { MemoryClientStore } from './memory/client-store';
import { VerifiedVoucherCache } from './verified-voucher-cache';

/** Shared fixtures for the engine's tests and benchmark: fixed keys, so runs are reproducible. */
export const VENDOR: Address = getAddress('0x00000000000000000000000000000000000fee01');
export const OTHER_VENDOR: Address = getAddress('0x00000000000000000000000000000000000fee02');
export const DOMAIN: VoucherDomain = {
  chainId: 8453n,
  verifyingContract: getAddress('0x0000000000000000000000000000000000c0ffee'),
};
/** 1 atom per ms and 1 atom per byte keep expected costs easy to read. */
export const PRICES: Prices = { atomsPerHour: 3_600_000n, atomsPerGB: 1_000_000_000n };

export function clientAccount(index: number): PrivateKeyAccount {
  return privateKeyToAccount(`0x${(index + 1).toString(16).padStart(64, '0')}`);
}

/** Signs vouchers with nonces first, first + 1, … for the given atoms. */
export async function signVouchers(
  account: PrivateKeyAccount,
  atoms: readonly bigint[],
  options: { first?: bigint; vendor?: Address; domain?: VoucherDomain } = {},
): Promise<SignedVoucher[]> {
  const first = options.first ?? 0n;
  return Promise.all(
    atoms.map((amount, index) =>
      signVoucher(account, options.domain ?? DOMAIN, {
        vendor: options.vendor ?? VENDOR,
        nonce: first + BigInt(index),
        atoms: amount,
      }),
    ),
  );
}

/** A header as parseVoucherHeader would produce it. */
export function headerOf(...vouchers: SignedVoucher[]): VoucherHeader {
  const first = vouchers[0]!;
  return {
    client: first.client,
    vendor: first.vendor,
    chainId: first.chainId,
    verifyingContract: first.verifyingContract,
    vouchers,
  };
}

export interface TestVendor {
  engine: Engine;
  oracle: MemoryChainOracle;
  clients: MemoryClientStore;
  cache: VerifiedVoucherCache;
}

/** An engine over memory ports; with the default expandRisk of 5 and one subscription, cap = collateral / 6. */
export function testVendor(overrides: Partial<EngineConfig> = {}): TestVendor {
  const oracle = new MemoryChainOracle();
  const clients = new MemoryClientStore();
  const cache = new VerifiedVoucherCache();
  const engine = new Engine({
    vendor: VENDOR,
    domain: DOMAIN,
    prices: PRICES,
    clients,
    oracle,
    verifiedCache: cache,
    ...overrides,
  });
  return { engine, oracle, clients, cache };
}

export function subscribe(oracle: MemoryChainOracle, client: Address, collateral: bigint): void {
  oracle.setClient(client, { collateral, vendors: [VENDOR] });
}
