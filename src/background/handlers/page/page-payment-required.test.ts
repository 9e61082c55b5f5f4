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

/** A receipt showing `atoms` charged: the vendor uses what it holds, so a further voucher may be signed. */
async function charge(worker: Harness, atoms: bigint) {
  const [state] = await worker.voucherState.list();
  const credit = { unspent: 0n, unmarked: 0n, locked: 0n, cap: 10n ** 12n, available: 0n };
  await worker.voucherState.recordReceipt(state!.key, { lastNonce: state!.nextNonce - 1n, credit, cost: atoms, at: 0 });
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
    await charge(worker, 100_000n);
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
    await charge(worker, 100_000n);
    expect((await worker.paymentRequired('b', 0n, next)).value.paid).toBeDefined(); // 50,000 left: a smaller voucher
    await charge(worker, 50_000n);
    const after = encodeRequirements(requirements({ nextNonce: 2n }));
    expect(await worker.paymentRequired('c', 1n, after)).toMatchObject({ ok: false, code: 'budget_exhausted' });
    expect(await worker.paymentRequired('d', null, '{"nope":1}')).toMatchObject({ ok: false, code: 'malformed_requirements' });
  });

  it('caps how many approval windows one page can open', async () => {
    const worker = await unlockedWorker();
    const vendors = ['0x1111111111111111111111111111111111111111', '0x2222222222222222222222222222222222222222', '0x3333333333333333333333333333333333333333', '0x4444444444444444444444444444444444444444'] as const;
    const replies = [];
    for (const [index, vendor] of vendors.entries()) {
      replies.push(await worker.paymentRequired(`t${index}`, null, encodeRequirements(requirements({ vendor }))));
    }
    expect(replies.slice(0, 3).every((reply) => reply.ok)).toBe(true);
    expect(replies[3]).toMatchObject({ ok: false, code: 'too_many_approvals' });
    expect(worker.platform.windowsOpen.size).toBe(3);
  });
});

describe('page.paymentRequired against a hostile vendor', () => {
  it('refuses a vendor whose chain and contract name no asset the wallet knows at once, telling the user once in a window that cannot approve', async () => {
    const worker = await unlockedWorker();
    const body = encodeRequirements(requirements({ verifyingContract: '0x9999999999999999999999999999999999999999' }));
    expect(await worker.paymentRequired('u1', null, body)).toMatchObject({ ok: false, code: 'unknown_asset' });
    expect(await worker.paymentRequired('u2', null, body)).toMatchObject({ ok: false, code: 'unknown_asset' });
    expect(worker.platform.windowsOpen.size).toBe(1);
    expect(await worker.transactions.get('u1')).toMatchObject({ status: 'error', errorCode: 'unknown_asset' });
    const [pending] = (await worker.popup('approvals.list', {})).value;
    expect(pending).toMatchObject({ unknownAsset: true, asset: { symbol: 'atoms', decimals: 0 } });
    expect(await approve(worker, pending.id)).toMatchObject({ ok: false, code: 'unknown_asset' });
    expect(await worker.voucherState.list()).toEqual([]);
    // Closing it declines the vendor for the page: no further window, still the same code.
    const [windowId] = [...worker.platform.windowsOpen.keys()];
    await onWindowRemoved(worker.services, windowId!);
    expect(await worker.paymentRequired('u3', null, body)).toMatchObject({ ok: false, code: 'unknown_asset' });
    expect(worker.platform.windowsOpen.size).toBe(0);
    expect((await worker.popup('vendors.rejected', {})).value).toHaveLength(1);
  });

  it('proposes the wallet\'s small defaults in its own asset, whatever the vendor suggests and claims', async () => {
    const worker = await unlockedWorker();
    const body = encodeRequirements(requirements({ suggestedVoucherAtoms: 10n ** 30n, asset: { symbol: 'USDC', decimals: 30 } }));
    const id = (await worker.paymentRequired('h1', null, body)).value.awaitingApproval;
    const [pending] = (await worker.popup('approvals.list', {})).value;
    expect(pending).toMatchObject({
      id,
      asset: { symbol: 'tUSD', decimals: 6 },
      suggestedVoucherAtoms: 10n ** 30n,
      proposedVoucherAtoms: 1_000_000n,
      proposedBudgetAtoms: 10_000_000n,
    });
    await worker.popup('approvals.decide', { id, approve: true, budgetAtoms: pending.proposedBudgetAtoms, maxVoucherAtoms: pending.proposedVoucherAtoms });
    const paid = (await worker.paymentRequired('h1', null, body)).value.paid;
    expect(authenticatingVoucher(parseVoucherHeader(paid.header)).atoms).toBe(1_000_000n);
    expect((await worker.popup('vendors.list', {})).value[0].asset).toEqual({ symbol: 'tUSD', decimals: 6, address: expect.any(String), microUsdPerUnit: 1_000_000n });
  });

  it('a raise of the approved prices asks again, showing old and new; approving signs at the new prices', async () => {
    const worker = await unlockedWorker();
    await approve(worker, (await worker.paymentRequired('p1')).value.awaitingApproval);
    await worker.paymentRequired('p1');
    await charge(worker, 100_000n);
    const base = requirements().prices;
    const raised = { ...base, atomsPerGB: base.atomsPerGB * 1_000_000n };
    const body = encodeRequirements(requirements({ nextNonce: 1n, prices: raised }));
    const asked = await worker.paymentRequired('p2', 0n, body);
    const id = asked.value.awaitingApproval as string;
    expect(id).toEqual(expect.any(String));
    expect(worker.platform.windowsOpen.size).toBe(1); // the first approval's window closed itself
    const [pending] = (await worker.popup('approvals.list', {})).value;
    expect(pending).toMatchObject({ id, prices: raised, previousPrices: { atomsPerHour: base.atomsPerHour, atomsPerGB: base.atomsPerGB } });
    let [vendor] = (await worker.popup('vendors.list', {})).value;
    expect(vendor).toMatchObject({ vouchersSigned: 1, prices: base, hold: { reason: 'prices_raised', offered: raised } });
    // Polling again opens nothing new and signs nothing.
    expect((await worker.paymentRequired('p2', 0n, body)).value).toEqual({ awaitingApproval: id });
    expect(worker.platform.windowsOpen.size).toBe(1);

    await approve(worker, id);
    const paid = (await worker.paymentRequired('p2', 0n, body)).value.paid;
    expect(paid.newestNonce).toBe(1n);
    [vendor] = (await worker.popup('vendors.list', {})).value;
    expect(vendor.prices).toEqual(raised);
    expect(vendor.hold).toBeUndefined();
  });

  it('closing the re-approval window declines the vendor for the page; the hold stays until resumed', async () => {
    const worker = await unlockedWorker();
    await approve(worker, (await worker.paymentRequired('p1')).value.awaitingApproval);
    await worker.paymentRequired('p1');
    const raised = { ...requirements().prices, atomsPerHour: 10n ** 12n };
    const body = encodeRequirements(requirements({ nextNonce: 1n, prices: raised }));
    await worker.paymentRequired('p2', 0n, body);
    const [windowId] = [...worker.platform.windowsOpen.keys()].slice(-1);
    await onWindowRemoved(worker.services, windowId!);
    expect(await worker.paymentRequired('p3', 0n, body)).toMatchObject({ ok: false, code: 'vendor_rejected' });
    const [rejected] = (await worker.popup('vendors.rejected', {})).value;
    expect(rejected).toMatchObject({ vendor: VENDOR, rejectedOrigins: [PAGE] });
    const [vendor] = (await worker.popup('vendors.list', {})).value;
    expect(vendor.hold).toMatchObject({ reason: 'prices_raised' });
    // Undo the rejection: the page asks again.
    await worker.popup('vendors.revoke', { vendorKey: rejected.vendorKey, origin: PAGE });
    expect((await worker.popup('vendors.rejected', {})).value).toEqual([]);
    expect((await worker.paymentRequired('p4', 0n, body)).value).toHaveProperty('awaitingApproval');
  });
});

describe('auto-lock while pages pay', () => {
  it('a page forcing a signature every 20 s does not keep the wallet unlocked: only the user\'s actions count', async () => {
    const worker = await unlockedWorker();
    await worker.popup('wallet.setAutoLock', { minutes: 1 });
    await approve(worker, (await worker.paymentRequired('a0')).value.awaitingApproval, 10_000_000n, 100_000n);
    const deadline = (await worker.popup('wallet.status', {})).value.lockDeadline as number;
    let sent = (await worker.paymentRequired('a0')).value.paid.newestNonce as bigint;
    for (let n = 1; n <= 2; n++) {
      worker.platform.clock.now += 20_000;
      await charge(worker, 100_000n);
      const paid = await worker.paymentRequired(`a${n}`, sent, encodeRequirements(requirements({ nextNonce: sent + 1n })));
      sent = paid.value.paid.newestNonce;
      expect(sent).toBe(BigInt(n));
    }
    expect(await worker.services.autoLock.deadline()).toBe(deadline);
    worker.platform.clock.now = deadline;
    expect(await worker.paymentRequired('late', sent, encodeRequirements(requirements({ nextNonce: sent + 1n })))).toMatchObject({
      ok: false,
      code: 'wallet_locked',
    });
    expect((await worker.popup('wallet.status', {})).value.state).toBe('locked');
  });
});
