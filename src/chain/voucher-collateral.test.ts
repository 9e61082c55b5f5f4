import { parseEventLogs, type Address, type Hex } from 'viem';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { riskCap } from '../engine/credit-track';
import { signVoucher, type SignedVoucher, type VoucherDomain } from '../protocol';
import { voucherCollateralAbi } from './artifacts/VoucherCollateral';
import { NOTICE_SECONDS, THAW_SECONDS, startTestChain, type TestChain } from './test-chain';
import { redemptionBatch, type ClaimedVoucher } from './voucher-claims';

/** VoucherCollateral against a real anvil: one chain for the file, reverted to a snapshot per test. */
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const VENDOR = 1;
const OTHER_VENDOR = 2;
const THIRD_VENDOR = 3;
const CLIENT = 4;
const OTHER_CLIENT = 5;

let chain: TestChain;
let revert: () => Promise<void>;

beforeAll(async () => {
  chain = await startTestChain();
  revert = await chain.snapshot();
});
beforeEach(async () => {
  await revert();
  revert = await chain.snapshot();
});
afterAll(async () => {
  await chain?.stop();
});

const contract = () => ({ address: chain.config.contract, abi: voucherCollateralAbi }) as const;
const address = (index: number): Address => chain.account(index).address;
const read = <T>(functionName: string, args: readonly unknown[]): Promise<T> =>
  chain.publicClient.readContract({ ...contract(), functionName: functionName as never, args: args as never }) as Promise<T>;

async function send(index: number, functionName: 'subscribe' | 'unsubscribe' | 'requestWithdrawal' | 'withdraw' | 'cancelWithdrawal', args: readonly unknown[] = []) {
  const hash = await chain.wallet(index).writeContract({ ...contract(), functionName, args: args as never });
  await chain.mined(hash);
  return chain.publicClient.getTransactionReceipt({ hash });
}

/** Vouchers 0, 1, … of a client for a vendor, signed in the test chain's domain unless told otherwise. */
async function vouchers(client: number, vendor: number, atoms: readonly bigint[], domain: VoucherDomain = chain.domain, first = 0n): Promise<SignedVoucher[]> {
  return Promise.all(atoms.map((each, index) => signVoucher(chain.account(client), domain, { vendor: address(vendor), nonce: first + BigInt(index), atoms: each })));
}

const inFull = (list: SignedVoucher[]): ClaimedVoucher[] => list.map((voucher) => ({ voucher, claim: voucher.atoms }));

/** Submits a redemption from `vendor`; returns the VoucherRedeemed events and the gas used. */
async function redeem(vendor: number, claims: ClaimedVoucher[]) {
  const hash = await chain.wallet(vendor).writeContract({ ...contract(), functionName: 'redeem', args: [redemptionBatch(claims)] });
  await chain.mined(hash);
  const receipt = await chain.publicClient.getTransactionReceipt({ hash });
  const events = parseEventLogs({ abi: voucherCollateralAbi, eventName: 'VoucherRedeemed', logs: receipt.logs }).map((each) => each.args);
  return { events, gasUsed: receipt.gasUsed };
}

function highS(voucher: SignedVoucher): SignedVoucher {
  const s = BigInt(`0x${voucher.signature.slice(66, 130)}`);
  const v = Number.parseInt(voucher.signature.slice(130, 132), 16);
  const twin = `${voucher.signature.slice(0, 66)}${(SECP256K1_N - s).toString(16).padStart(64, '0')}${(v === 27 ? 28 : 27).toString(16)}` as Hex;
  return { ...voucher, signature: twin };
}

describe('deposit', () => {
  it('moves the tokens into the contract and counts them as the client\'s collateral', async () => {
    await chain.deposit(CLIENT, 1_000_000n);
    await chain.deposit(CLIENT, 500n);
    expect(await chain.collateral(address(CLIENT))).toBe(1_000_500n);
    expect(await chain.tokenBalance(chain.config.contract)).toBe(1_000_500n);
    expect(await chain.tokenBalance(address(CLIENT))).toBe(0n);
  });
});

describe('subscriptions', () => {
  it('an unsubscription keeps counting until its notice period ends', async () => {
    await chain.subscribe(CLIENT, address(VENDOR));
    await chain.subscribe(CLIENT, address(OTHER_VENDOR));
    expect(await read('totalSubscriptions', [address(CLIENT)])).toBe(2n);
    await expect(chain.subscribe(CLIENT, address(VENDOR))).rejects.toThrow(/AlreadySubscribed/);

    await send(CLIENT, 'unsubscribe', [address(VENDOR)]);
    expect(await read('isSubscribed', [address(CLIENT), address(VENDOR)])).toBe(true);
    expect(await read('totalSubscriptions', [address(CLIENT)])).toBe(2n);
    await expect(send(CLIENT, 'unsubscribe', [address(VENDOR)])).rejects.toThrow(/NotSubscribed/);

    await chain.increaseTime(NOTICE_SECONDS - 5n);
    expect(await read('totalSubscriptions', [address(CLIENT)])).toBe(2n);
    await chain.increaseTime(10n);
    expect(await read('isSubscribed', [address(CLIENT), address(VENDOR)])).toBe(false);
    expect(await read('totalSubscriptions', [address(CLIENT)])).toBe(1n);
  });

  it('subscribing again during the notice period cancels the unsubscription, without counting twice', async () => {
    await chain.subscribe(CLIENT, address(VENDOR));
    await send(CLIENT, 'unsubscribe', [address(VENDOR)]);
    await chain.subscribe(CLIENT, address(VENDOR));
    await chain.increaseTime(NOTICE_SECONDS * 2n);
    expect(await read('isSubscribed', [address(CLIENT), address(VENDOR)])).toBe(true);
    expect(await read('totalSubscriptions', [address(CLIENT)])).toBe(1n);
  });

  it('clientState answers collateral, thawing, subscription and count in one call', async () => {
    await chain.deposit(CLIENT, 9_000n);
    await chain.subscribe(CLIENT, address(VENDOR));
    await send(CLIENT, 'requestWithdrawal', [2_000n]);
    expect(await read('clientState', [address(CLIENT), address(VENDOR)])).toEqual([9_000n, 2_000n, true, 1n]);
    expect(await read('clientState', [address(CLIENT), address(OTHER_VENDOR)])).toEqual([9_000n, 2_000n, false, 1n]);
  });
});

describe('withdrawal', () => {
  it('pays out only after the thaw period', async () => {
    await chain.deposit(CLIENT, 10_000n);
    await expect(send(CLIENT, 'requestWithdrawal', [10_001n])).rejects.toThrow(/InsufficientCollateral/);
    await send(CLIENT, 'requestWithdrawal', [4_000n]);
    await expect(send(CLIENT, 'withdraw')).rejects.toThrow(/StillThawing/);
    await chain.increaseTime(THAW_SECONDS - 5n);
    await expect(send(CLIENT, 'withdraw')).rejects.toThrow(/StillThawing/);
    await chain.increaseTime(10n);
    await send(CLIENT, 'withdraw');
    expect(await chain.tokenBalance(address(CLIENT))).toBe(4_000n);
    expect(await chain.collateral(address(CLIENT))).toBe(6_000n);
    expect(await read('thawing', [address(CLIENT)])).toEqual([0n, 0n]);
    await expect(send(CLIENT, 'withdraw')).rejects.toThrow(/NothingThawing/);
  });

  it('a cancelled withdrawal returns the atoms to usable collateral', async () => {
    await chain.deposit(CLIENT, 10_000n);
    await send(CLIENT, 'requestWithdrawal', [4_000n]);
    await send(CLIENT, 'cancelWithdrawal');
    await chain.increaseTime(THAW_SECONDS * 2n);
    await expect(send(CLIENT, 'withdraw')).rejects.toThrow(/NothingThawing/);
    expect(await read('clientState', [address(CLIENT), address(VENDOR)])).toEqual([10_000n, 0n, false, 0n]);
  });

  it('vendors can still redeem from thawing collateral; the withdrawal gets what is left', async () => {
    await chain.deposit(CLIENT, 10_000n);
    await send(CLIENT, 'requestWithdrawal', [10_000n]);
    const { events } = await redeem(VENDOR, inFull(await vouchers(CLIENT, VENDOR, [3_000n])));
    expect(events.map((each) => each.paid)).toEqual([3_000n]);
    expect(await read('thawing', [address(CLIENT)])).toEqual([7_000n, expect.any(BigInt)]);
    await chain.increaseTime(THAW_SECONDS);
    await send(CLIENT, 'withdraw');
    expect(await chain.tokenBalance(address(CLIENT))).toBe(7_000n);
    expect(await chain.tokenBalance(address(VENDOR))).toBe(3_000n);
    expect(await chain.collateral(address(CLIENT))).toBe(0n);
  });
});

describe('redemption', () => {
  it('redeems a batch of 100 vouchers of two clients in one transaction', async () => {
    await chain.deposit(CLIENT, 10_000_000n);
    await chain.deposit(OTHER_CLIENT, 10_000_000n);
    const first = await vouchers(CLIENT, VENDOR, Array.from({ length: 60 }, (_, i) => BigInt(1_000 + i)));
    const second = await vouchers(OTHER_CLIENT, VENDOR, Array.from({ length: 40 }, () => 2_000n));
    const { events } = await redeem(VENDOR, inFull([...first, ...second]));
    expect(events).toHaveLength(100);
    const firstSum = first.reduce((sum, each) => sum + each.atoms, 0n);
    expect(await chain.tokenBalance(address(VENDOR))).toBe(firstSum + 80_000n);
    expect(await chain.collateral(address(CLIENT))).toBe(10_000_000n - firstSum);
    expect(await read('redeemedTotals', [address(CLIENT), address(VENDOR)])).toEqual([firstSum, 60n, 59n]);
    expect(await read('redeemedTotals', [address(OTHER_CLIENT), address(VENDOR)])).toEqual([80_000n, 40n, 39n]);
    expect(await read('redeemed', [address(CLIENT), address(VENDOR), 59n])).toBe(true);
    expect(await read('redeemed', [address(CLIENT), address(VENDOR), 60n])).toBe(false);
  });

  it('claims a partly charged voucher in part; the rest stays with the client', async () => {
    await chain.deposit(CLIENT, 10_000n);
    const [voucher] = await vouchers(CLIENT, VENDOR, [5_000n]);
    const { events } = await redeem(VENDOR, [{ voucher: voucher!, claim: 1_234n }]);
    expect(events).toEqual([{ client: address(CLIENT), vendor: address(VENDOR), nonce: 0n, claim: 1_234n, paid: 1_234n }]);
    expect(await chain.collateral(address(CLIENT))).toBe(10_000n - 1_234n);
    await expect(redeem(VENDOR, [{ voucher: voucher!, claim: 5_000n }])).resolves.toMatchObject({ events: [] });
  });

  it('refuses a claim above the voucher\'s atoms', async () => {
    await chain.deposit(CLIENT, 10_000n);
    const [voucher] = await vouchers(CLIENT, VENDOR, [5_000n]);
    await expect(redeem(VENDOR, [{ voucher: voucher!, claim: 5_001n }])).rejects.toThrow(/ClaimAboveVoucher/);
  });

  it('pays each voucher at most once, across batches and within one', async () => {
    await chain.deposit(CLIENT, 100_000n);
    const list = await vouchers(CLIENT, VENDOR, [1_000n, 2_000n, 3_000n]);
    await redeem(VENDOR, inFull(list.slice(0, 2)));
    const { events } = await redeem(VENDOR, inFull([list[0]!, list[1]!, list[2]!, list[2]!]));
    expect(events.map((each) => each.nonce)).toEqual([2n]);
    expect(await chain.tokenBalance(address(VENDOR))).toBe(6_000n);
    expect(await read('redeemedTotals', [address(CLIENT), address(VENDOR)])).toEqual([6_000n, 3n, 2n]);
  });

  it('refuses forged, wrong-domain, wrong-vendor and high-s vouchers', async () => {
    await chain.deposit(CLIENT, 100_000n);
    const [good, next] = await vouchers(CLIENT, VENDOR, [1_000n, 1_000n]);
    // Signed by another key but naming CLIENT.
    const [forgedBy] = await vouchers(OTHER_CLIENT, VENDOR, [1_000n]);
    const forged = { ...forgedBy!, client: address(CLIENT) };
    const [otherContract] = await vouchers(CLIENT, VENDOR, [1_000n], { ...chain.domain, verifyingContract: chain.config.token });
    const [otherChain] = await vouchers(CLIENT, VENDOR, [1_000n], { ...chain.domain, chainId: 1n });
    const [forOtherVendor] = await vouchers(CLIENT, OTHER_VENDOR, [1_000n]);
    for (const bad of [forged, otherContract!, otherChain!, highS(good!)]) {
      await expect(redeem(VENDOR, inFull([bad])), bad.signature).rejects.toThrow(/InvalidVoucherSignature/);
    }
    // OTHER_VENDOR's voucher submitted by VENDOR: its digest names the submitter, so it does not verify.
    await expect(redeem(VENDOR, inFull([forOtherVendor!]))).rejects.toThrow(/InvalidVoucherSignature/);
    // One bad voucher refuses its whole batch; the good one still redeems alone.
    await expect(redeem(VENDOR, inFull([good!, highS(next!)]))).rejects.toThrow(/InvalidVoucherSignature/);
    expect((await redeem(VENDOR, inFull([good!]))).events).toHaveLength(1);
    expect(await chain.tokenBalance(address(VENDOR))).toBe(1_000n);
  });

  it('never pays more than the collateral, so collateral never goes negative', async () => {
    await chain.deposit(CLIENT, 2_500n);
    const { events } = await redeem(VENDOR, inFull(await vouchers(CLIENT, VENDOR, [1_000n, 1_000n, 1_000n, 1_000n])));
    expect(events.map((each) => each.paid)).toEqual([1_000n, 1_000n, 500n, 0n]);
    expect(await chain.collateral(address(CLIENT))).toBe(0n);
    expect(await chain.tokenBalance(address(VENDOR))).toBe(2_500n);
    // The next vendor finds nothing left.
    const late = await redeem(OTHER_VENDOR, inFull(await vouchers(CLIENT, OTHER_VENDOR, [1_000n])));
    expect(late.events.map((each) => each.paid)).toEqual([0n]);
  });

  it('a client subscribed to several vendors pays each its full risk cap', async () => {
    const collateral = 9_000_000n;
    await chain.deposit(CLIENT, collateral);
    const vendors = [VENDOR, OTHER_VENDOR, THIRD_VENDOR];
    for (const vendor of vendors) await chain.subscribe(CLIENT, address(vendor));
    const totalSubscriptions = await read<bigint>('totalSubscriptions', [address(CLIENT)]);
    // The engine's cap with its default expand risk, and with none: both must be fully redeemable.
    const cap = riskCap({ collateral, totalSubscriptions, expandRisk: 0n });
    expect(cap).toBe(3_000_000n);
    for (const vendor of vendors) {
      const { events } = await redeem(vendor, inFull(await vouchers(CLIENT, vendor, [cap / 2n, cap / 2n])));
      expect(events.map((each) => each.paid)).toEqual([cap / 2n, cap / 2n]);
      expect(await chain.tokenBalance(address(vendor))).toBe(cap);
    }
    expect(await chain.collateral(address(CLIENT))).toBe(collateral - 3n * cap);
  });
});
