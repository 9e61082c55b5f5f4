import { describe, expect, it } from 'vitest';
import { FORGET_HEADERS } from '../messaging/bridge-messages';
import { Harness } from './testing/harness';
import { onAlarm } from './lifecycle';
import { AUTO_LOCK_ALARM } from './vault/auto-lock';

/** A worker with one vendor approved for the page and one voucher signed, so a header exists. */
async function payingWorker() {
  const worker = new Harness();
  await worker.createWallet('password1');
  const id = (await worker.paymentRequired('tx-1')).value.awaitingApproval as string;
  await worker.popup('approvals.decide', { id, approve: true, budgetAtoms: 1_000_000n, maxVoucherAtoms: 100_000n });
  expect((await worker.paymentRequired('tx-1')).ok).toBe(true);
  expect((await worker.page('page.hello', {})).value.vendors).toHaveLength(1);
  return worker;
}

describe('locking, pausing and revoking stop payment with already-signed headers', () => {
  it('a locked wallet hands pages no header, and tells open tabs to drop theirs', async () => {
    const worker = await payingWorker();
    expect(await worker.popup('wallet.lock', {})).toEqual({ ok: true, value: {} });
    expect(worker.platform.tabMessages).toEqual([FORGET_HEADERS]);
    expect((await worker.page('page.hello', {})).value.vendors).toEqual([]);
    const refused = await worker.paymentRequired('tx-2', 0n);
    expect(refused).toMatchObject({ ok: false, code: 'wallet_locked' });
    expect(await worker.transactions.get('tx-2')).toMatchObject({ status: 'error', errorCode: 'wallet_locked' });

    await worker.popup('wallet.unlock', { password: 'password1' });
    expect((await worker.page('page.hello', {})).value.vendors).toHaveLength(1);
  });

  it('the idle auto-lock tells tabs too', async () => {
    const worker = await payingWorker();
    worker.platform.clock.now += 16 * 60_000;
    await onAlarm(worker.services, AUTO_LOCK_ALARM);
    expect(worker.platform.tabMessages).toEqual([FORGET_HEADERS]);
    expect((await worker.page('page.hello', {})).value.vendors).toEqual([]);
  });

  it('pausing and revoking tell tabs; resuming does not', async () => {
    const worker = await payingWorker();
    await worker.popup('wallet.setPaused', { paused: true });
    expect(worker.platform.tabMessages).toEqual([FORGET_HEADERS]);
    await worker.popup('wallet.setPaused', { paused: false });
    expect(worker.platform.tabMessages).toHaveLength(1);
    const [vendor] = (await worker.popup('vendors.list', {})).value;
    await worker.popup('vendors.revoke', { vendorKey: vendor.vendorKey });
    expect(worker.platform.tabMessages).toEqual([FORGET_HEADERS, FORGET_HEADERS]);
    expect((await worker.page('page.hello', {})).value.vendors).toEqual([]);
  });

});
