import fc from 'fast-check';
import type { Address } from 'viem';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { signVoucher, type SignedVoucher } from '../protocol';
import { voucherCollateralAbi } from './artifacts/VoucherCollateral';
import { THAW_SECONDS, startTestChain, type TestChain } from './test-chain';
import { redemptionBatch } from './voucher-claims';

/**
 * Money is conserved through any sequence of deposits, withdrawals, redemptions and clock moves:
 * what vendors were paid + what clients withdrew + what the contract holds = what was deposited,
 * and no client's thawing exceeds its collateral. Clients start each run with no tokens, so a
 * client's token balance is exactly what it withdrew.
 */
const VENDORS = [1, 2];
const CLIENTS = [3, 4, 5];

let chain: TestChain;
beforeAll(async () => {
  chain = await startTestChain();
});
afterAll(async () => {
  await chain?.stop();
});

type Step =
  | { kind: 'deposit'; client: number; atoms: bigint }
  | { kind: 'requestWithdrawal'; client: number; atoms: bigint }
  | { kind: 'cancelWithdrawal'; client: number }
  | { kind: 'withdraw'; client: number }
  | { kind: 'wait'; seconds: bigint }
  | { kind: 'redeem'; vendor: number; claims: { client: number; atoms: bigint; claimPercent: bigint; replay: boolean }[] };

const client = fc.constantFrom(...CLIENTS);
const atoms = fc.bigInt({ min: 1n, max: 50_000n });
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('deposit' as const), client, atoms }),
  fc.record({ kind: fc.constant('requestWithdrawal' as const), client, atoms }),
  fc.record({ kind: fc.constant('cancelWithdrawal' as const), client }),
  fc.record({ kind: fc.constant('withdraw' as const), client }),
  fc.record({ kind: fc.constant('wait' as const), seconds: fc.constantFrom(60n, THAW_SECONDS) }),
  fc.record({
    kind: fc.constant('redeem' as const),
    vendor: fc.constantFrom(...VENDORS),
    claims: fc.array(fc.record({ client, atoms, claimPercent: fc.bigInt({ min: 0n, max: 100n }), replay: fc.boolean() }), { minLength: 1, maxLength: 4 }),
  }),
);

const address = (index: number): Address => chain.account(index).address;

async function attempt(work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
  } catch (error) {
    // Refusals (withdrawing too early, more than is free) are part of the sequence; anything else is not.
    if (!/InsufficientCollateral|NothingThawing|StillThawing/.test(String(error))) throw error;
  }
}

async function run(steps: Step[]): Promise<void> {
  const contract = { address: chain.config.contract, abi: voucherCollateralAbi } as const;
  const signed = new Map<string, SignedVoucher[]>();
  let deposited = 0n;
  for (const each of steps) {
    switch (each.kind) {
      case 'deposit':
        await chain.deposit(each.client, each.atoms);
        deposited += each.atoms;
        break;
      case 'requestWithdrawal':
      case 'cancelWithdrawal':
      case 'withdraw': {
        const args = each.kind === 'requestWithdrawal' ? [each.atoms] : [];
        await attempt(async () => chain.mined(await chain.wallet(each.client).writeContract({ ...contract, functionName: each.kind, args: args as never })));
        break;
      }
      case 'wait':
        await chain.increaseTime(each.seconds);
        break;
      case 'redeem': {
        const claims = [];
        for (const claim of each.claims) {
          const key = `${claim.client}:${each.vendor}`;
          const held = signed.get(key) ?? [];
          let voucher = claim.replay ? held.at(-1) : undefined;
          if (voucher === undefined) {
            voucher = await signVoucher(chain.account(claim.client), chain.domain, { vendor: address(each.vendor), nonce: BigInt(held.length), atoms: claim.atoms });
            held.push(voucher);
            signed.set(key, held);
          }
          claims.push({ voucher, claim: (voucher.atoms * claim.claimPercent) / 100n });
        }
        await chain.mined(await chain.wallet(each.vendor).writeContract({ ...contract, functionName: 'redeem', args: [redemptionBatch(claims)] }));
        break;
      }
    }
    let redeemedAndWithdrawn = 0n;
    for (const index of [...VENDORS, ...CLIENTS]) redeemedAndWithdrawn += await chain.tokenBalance(address(index));
    const held = await chain.tokenBalance(chain.config.contract);
    expect(redeemedAndWithdrawn + held).toBe(deposited);
    let collateral = 0n;
    for (const index of CLIENTS) {
      const [total, thawing] = await chain.publicClient.readContract({ ...contract, functionName: 'clientState', args: [address(index), address(VENDORS[0]!)] });
      expect(thawing).toBeLessThanOrEqual(total);
      collateral += total;
    }
    expect(collateral).toBe(held);
  }
}

it('total redeemed + withdrawn + held = total deposited, after every step', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
      const revert = await chain.snapshot();
      try {
        await run(steps);
      } finally {
        await revert();
      }
    }),
    { numRuns: 25 },
  );
}, 120_000);
