import { afterAll, beforeAll, expect, it } from 'vitest';
import { signVoucher } from '../protocol';
import { voucherCollateralAbi } from './artifacts/VoucherCollateral';
import { contractRedeemedNonceFloor } from './redeemed-floor';
import { startTestChain, type TestChain } from './test-chain';
import { redemptionBatch } from './voucher-claims';

/** The payer's chain floor against a real anvil: what the contract says a vendor redeemed. */
const VENDOR = 1;
const CLIENT = 4;
const OTHER_CLIENT = 5;
let chain: TestChain;

beforeAll(async () => {
  chain = await startTestChain();
});
afterAll(async () => {
  await chain?.stop();
});

it('is one past the highest nonce the vendor redeemed from the client, 0 before any, 0 for another deployment', async () => {
  const floor = contractRedeemedNonceFloor(chain.publicClient, chain.config.contract);
  const vendor = chain.account(VENDOR).address;
  const scope = (client: number) => ({ client: chain.account(client).address, vendor, ...chain.domain });
  expect(await floor.redeemedNonceFloor(scope(CLIENT))).toBe(0n);

  await chain.deposit(CLIENT, 10_000n);
  await chain.subscribe(CLIENT, vendor);
  // Nonces 0, 1 and 3 redeemed (2 not yet): the floor is one past the highest, 3.
  const vouchers = await Promise.all(
    [0n, 1n, 3n].map((nonce) => signVoucher(chain.account(CLIENT), chain.domain, { vendor, nonce, atoms: 100n })),
  );
  const hash = await chain.wallet(VENDOR).writeContract({
    address: chain.config.contract,
    abi: voucherCollateralAbi,
    functionName: 'redeem',
    args: [redemptionBatch(vouchers.map((voucher) => ({ voucher, claim: voucher.atoms })))],
  });
  await chain.mined(hash);

  expect(await floor.redeemedNonceFloor(scope(CLIENT))).toBe(4n);
  expect(await floor.redeemedNonceFloor(scope(OTHER_CLIENT))).toBe(0n);
  expect(await floor.redeemedNonceFloor({ ...scope(CLIENT), verifyingContract: '0x000000000000000000000000000000000000dEaD' })).toBe(0n);
  expect(await floor.redeemedNonceFloor({ ...scope(CLIENT), chainId: chain.domain.chainId + 1n })).toBe(0n);
});
