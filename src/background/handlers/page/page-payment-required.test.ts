import { describe, expect, it } from 'vitest';
import { authenticatingVoucher, encodeRequirements, isVoucherSignedByClient, parseVoucherHeader } from '../../../protocol';
import { APPROVAL_ROUTE_PREFIX } from '../../../messaging/names';
import { onWindowRemoved } from '../../lifecycle';
import { Harness, PAGE, VENDOR, pageSender, requirements } from '../../testing/harness';

async function unlockedWorker() {
  const worker = new Harness();
  await worker.createWallet('password1');
  return worker;
}

async function approve(worker: Harness, id: string, budgetAtoms = 1_000_000n, maxVoucherAtoms = 100_000n) {
  return worker.popup('approvals.decide', { id, approve: true, budgetAtoms, maxVoucherAtoms });
}

describe('page.paymentRequired', () => {
  it('first 402 from an unknown vendor waits for the user, surviving a worker kill; approval signs', async () => {
    const worker = await unlockedWorker();
    const first = await worker.paymentRequired('tx-1');
    expect(first.ok).toBe(true);
    const id = first.value.awaitingApproval as string;
    expect(worker.platform.windowsOpen.size).toBe(1);
    expect([...worker.platform.windowsOpen.values()][0]).toBe(
      `chrome-extension://testextensionid/src/popup/index.html${APPROVAL_ROUTE_PREFIX}${id}`,
    );
    expect(worker.platform.badge).toBe('1');
    const pending = (await worker.popup('approvals.list', {})).value;
    expect(pending).toEqual([
      expect.objectContaining({ id, pageOrigin: PAGE, vendorOrigin: 'http://127.0.0.1:8402', vendor: VENDOR, proposedBudgetAtoms: 10_000_000n, proposedVoucherAtoms: 100_000n }),
    ]);

    worker.restartWorker();
    expect(await worker.paymentRequired('tx-1')).toEqual({ ok: true, value: { awaitingApproval: id } });
    expect(worker.platform.windowsOpen.size).toBe(0); // the new platform view opened no second window

    expect(await approve(worker, id)).toEqual({ ok: true, value: {} });
    expect(worker.platform.badge).toBe('');
    const paid = await worker.paymentRequired('tx-1');
    expect(paid.ok).toBe(true);
    const header = parseVoucherHeader(paid.value.paid.header);
    const voucher = authenticatingVoucher(header);
    expect(voucher).toMatchObject({ vendor: VENDOR, nonce: 0n, atoms: 100_000n });
    expect(await isVoucherSignedByClient(voucher)).toBe(true);
    const status = (await worker.popup('wallet.status', {})).value;
    expect(voucher.client).toBe(status.address);

    const [vendor] = (await worker.popup('vendors.list', {})).value;
    expect(vendor).toMatchObject({ budgetAtoms: 1_000_000n, spentAtoms: 100_000n, vouchersSigned: 1, approvedOrigins: [PAGE] });
    const record = await worker.transactions.get('tx-1');
    expect(record).toMatchObject({ statusCode: 402, status: 'pending', headersSummary: { accept: 'application/json' } });
    expect(record?.headersSummary).not.toHaveProperty('authorization');
  });

  it('a decision landing while a poll asks opens no second window: the poll signs instead', async () => {
    const worker = await unlockedWorker();
    const id = (await worker.paymentRequired('tx-1')).value.awaitingApproval as string;
    expect(worker.platform.windowsOpen.size).toBe(1);
    // The next poll reads "unknown"; the user approves right after that read, before the poll
    // reaches the pending approvals.
    const approvals = worker.services.approvals;
    const read = approvals.decision.bind(approvals);
    let raced = false;
    approvals.decision = async (...args) => {
      const decision = await read(...args);
      if (!raced) {
        raced = true;
        await approve(worker, id);
      }
      return decision;
    };
    const poll = await worker.paymentRequired('tx-1');
    expect(poll.ok).toBe(true);
    expect(poll.value).toHaveProperty('paid');
    expect((await worker.popup('approvals.list', {})).value).toEqual([]);
    expect(worker.platform.windowsOpen.size).toBe(0);
  });

  it('hello hands the header only to the approved page; another page must ask on its own', async () => {
    const worker = await unlockedWorker();
    const id = (await worker.paymentRequired('tx-1')).value.awaitingApproval;
    await approve(worker, id);
    await worker.paymentRequired('tx-1');
    expect((await worker.page('page.hello', {})).value.vendors).toEqual([
      expect.objectContaining({ vendorOrigin: 'http://127.0.0.1:8402', newestNonce: 0n }),
    ]);
    const other = pageSender('https://other.example', 9);
    expect((await worker.page('page.hello', {}, other)).value.vendors).toEqual([]);
    const asked = await worker.paymentRequired('tx-2', null, undefined, other);
    expect(asked.value).toHaveProperty('awaitingApproval');
    expect(asked.value.awaitingApproval).not.toBe(id);
  });

  it('a parallel 402 that carried an older header gets the newer one, not a second signature', async () => {
    const worker = await unlockedWorker();
    await approve(worker, (await worker.paymentRequired('a')).value.awaitingApproval);
    const first = (await worker.paymentRequired('a')).value.paid;
    const body = encodeRequirements(requirements({ nextNonce: 1n }));
    const stale = (await worker.paymentRequired('b', null, body)).value.paid;
    expect(stale.newestNonce).toBe(first.newestNonce);
    const fresh = (await worker.paymentRequired('c', 0n, body)).value.paid;
    expect(fresh.newestNonce).toBe(1n);
    expect((await worker.popup('vendors.list', {})).value[0].spentAtoms).toBe(200_000n);
  });

  it('rejection and a closed window are remembered until revoked', async () => {
    const worker = await unlockedWorker();
    const id = (await worker.paymentRequired('tx-1')).value.awaitingApproval;
    await worker.popup('approvals.decide', { id, approve: false });
    expect(await worker.paymentRequired('tx-1')).toMatchObject({ ok: false, code: 'vendor_rejected' });
    expect(await worker.transactions.get('tx-1')).toMatchObject({ status: 'error', errorCode: 'vendor_rejected' });

    const other = pageSender('https://other.example', 9);
    await worker.paymentRequired('tx-2', null, undefined, other);
    const [windowId] = [...worker.platform.windowsOpen.keys()].slice(-1);
    await onWindowRemoved(worker.services, windowId!);
    expect(await worker.paymentRequired('tx-3', null, undefined, other)).toMatchObject({ code: 'vendor_rejected' });

    const vendorKey = (await worker.services.approvals.all())[0]!.vendorKeyId;
    await worker.popup('vendors.revoke', { vendorKey, origin: PAGE });
    expect((await worker.paymentRequired('tx-4')).value).toHaveProperty('awaitingApproval');
  });

  it('locked or paused: nothing is signed and the record says why', async () => {
    const worker = await unlockedWorker();
    await approve(worker, (await worker.paymentRequired('a')).value.awaitingApproval);
    await worker.popup('wallet.lock', {});
    expect(await worker.paymentRequired('b')).toMatchObject({ ok: false, code: 'wallet_locked' });
    expect(await worker.transactions.get('b')).toMatchObject({ status: 'error', errorCode: 'wallet_locked' });
    await worker.popup('wallet.unlock', { password: 'password1' });
    await worker.popup('wallet.setPaused', { paused: true });
    expect(await worker.paymentRequired('c')).toMatchObject({ ok: false, code: 'paused' });
    expect((await worker.page('page.hello', {})).value.vendors).toEqual([]);
    expect((await worker.popup('vendors.list', {})).value[0].spentAtoms).toBe(0n);
  });

  it('stops at the budget and refuses malformed requirements', async () => {
    const worker = await unlockedWorker();
    await approve(worker, (await worker.paymentRequired('a')).value.awaitingApproval, 150_000n, 100_000n);
    expect((await worker.paymentRequired('a')).value.paid.newestNonce).toBe(0n);
    const next = encodeRequirements(requirements({ nextNonce: 1n }));
    expect((await worker.paymentRequired('b', 0n, next)).value.paid).toBeDefined(); // 50,000 left: a smaller voucher
    const after = encodeRequirements(requirements({ nextNonce: 2n }));
    expect(await worker.paymentRequired('c', 1n, after)).toMatchObject({ ok: false, code: 'budget_exhausted' });
    expect(await worker.paymentRequired('d', null, '{"nope":1}')).toMatchObject({ ok: false, code: 'malformed_requirements' });
  });

  it('caps how many approval windows one page can open', async () => {
    const worker = await unlockedWorker();
    const contracts = ['0x1111111111111111111111111111111111111111', '0x2222222222222222222222222222222222222222', '0x3333333333333333333333333333333333333333', '0x4444444444444444444444444444444444444444'] as const;
    const replies = [];
    for (const [index, verifyingContract] of contracts.entries()) {
      replies.push(await worker.paymentRequired(`t${index}`, null, encodeRequirements(requirements({ verifyingContract }))));
    }
    expect(replies.slice(0, 3).every((reply) => reply.ok)).toBe(true);
    expect(replies[3]).toMatchObject({ ok: false, code: 'too_many_approvals' });
    expect(worker.platform.windowsOpen.size).toBe(3);
  });
});
