import { expect, it } from 'vitest';
import type { Hex } from 'viem';
import { clientAccount, signVouchers } from '../engine/test-fixtures';
import type { RedemptionStore } from './redemption-store';
import type { ClaimedVoucher } from './voucher-claims';

/** One suite for every RedemptionStore: the state machine the redeemer's crash safety rests on. */
export function redemptionStoreContract(open: () => Promise<RedemptionStore>): void {
  const a = clientAccount(21);
  const b = clientAccount(22);
  const TX1 = `0x${'11'.repeat(32)}` as Hex;
  const TX2 = `0x${'22'.repeat(32)}` as Hex;

  async function claims(account: typeof a, atoms: bigint[], first = 0n): Promise<ClaimedVoucher[]> {
    return (await signVouchers(account, atoms, { first })).map((voucher) => ({ voucher, claim: voucher.atoms }));
  }
  const key = (each: ClaimedVoucher) => ({ client: each.voucher.client, nonce: each.voucher.nonce });

  it('queues vouchers once, in (client, nonce) order, and reports each client\'s highest nonce', async () => {
    const store = await open();
    const first = await claims(a, [10n, 20n, 30n]);
    const second = await claims(b, [5n]);
    await store.enqueue([...first, ...second]);
    await store.enqueue([{ ...first[0]!, claim: 1n }]);
    const queued = await store.queued(10);
    expect(queued).toHaveLength(4);
    expect(queued.find((each) => each.voucher.client === a.address && each.voucher.nonce === 0n)?.claim).toBe(10n);
    expect(queued.find((each) => each.voucher.nonce === 2n)).toEqual(first[2]);
    expect(await store.floors()).toEqual(new Map([[a.address.toLowerCase(), 2n], [b.address.toLowerCase(), 0n]]));
    expect(await store.queued(2)).toHaveLength(2);
  });

  it('moves vouchers through submitted to mined, and totals redeemed and pending atoms per client', async () => {
    const store = await open();
    const list = await claims(a, [10n, 20n, 30n]);
    await store.enqueue(list);
    await store.recordSubmission({ txHash: TX1, rawTransaction: '0x02aa', accountNonce: 7n, vouchers: list.slice(0, 2).map(key) });
    expect((await store.queued(10)).map((each) => each.voucher.nonce)).toEqual([2n]);
    expect(await store.openSubmissions()).toEqual([{ txHash: TX1, rawTransaction: '0x02aa', accountNonce: 7n, vouchers: list.slice(0, 2).map(key) }]);
    await expect(store.recordSubmission({ txHash: TX2, rawTransaction: '0x02bb', accountNonce: 8n, vouchers: [key(list[0]!)] })).rejects.toThrow(/not queued/);
    expect(await store.openSubmissions()).toHaveLength(1);
    await store.recordMined(TX1, [{ ...key(list[0]!), paid: 10n }, { ...key(list[1]!), paid: 0n }]);
    expect(await store.openSubmissions()).toEqual([]);
    expect(await store.totals()).toEqual([{ client: a.address, redeemed: 10n, pending: 30n, failed: 0n }]);
    await expect(store.recordMined(TX1, [])).rejects.toThrow(/not an open submission/);
  });

  it('queues the vouchers of a dropped transaction again', async () => {
    const store = await open();
    const list = await claims(a, [10n, 20n]);
    await store.enqueue(list);
    await store.recordSubmission({ txHash: TX1, rawTransaction: '0x02aa', accountNonce: 1n, vouchers: list.map(key) });
    await store.recordDropped(TX1);
    expect((await store.queued(10)).map((each) => each.voucher.nonce)).toEqual([0n, 1n]);
    expect(await store.openSubmissions()).toEqual([]);
    await store.recordSubmission({ txHash: TX2, rawTransaction: '0x02bb', accountNonce: 2n, vouchers: list.map(key) });
    expect((await store.openSubmissions()).map((each) => each.txHash)).toEqual([TX2]);
  });

  it('keeps a refused voucher out of the queue and counts it as failed', async () => {
    const store = await open();
    const list = await claims(b, [10n, 20n]);
    await store.enqueue(list);
    await store.recordFailed(key(list[0]!), 'InvalidVoucherSignature');
    expect((await store.queued(10)).map((each) => each.voucher.nonce)).toEqual([1n]);
    expect(await store.totals()).toEqual([{ client: b.address, redeemed: 0n, pending: 20n, failed: 10n }]);
    await expect(store.recordFailed(key(list[0]!), 'again')).rejects.toThrow();
  });
}
