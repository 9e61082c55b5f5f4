import { describe, expect, it } from 'vitest';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { authenticatingVoucher, encodeRequirements, isVoucherSignedByClient, parseVoucherHeader, signVoucher } from '../../../protocol';
import { APPROVAL_ROUTE_PREFIX } from '../../../messaging/names';
import { onWake, onWindowRemoved } from '../../lifecycle';
import { Harness, PAGE, VENDOR, VENDOR_ORIGIN, discoveryOf, pageSender, requirements } from '../../testing/harness';

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

/** The id of the one pending approval, once the worker has opened it. */
async function pendingId(worker: Harness): Promise<string> {
  for (;;) {
    const [first] = (await worker.popup('approvals.list', {})).value;
    if (first) return first.id;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

describe('page.paymentRequired', () => {
  it('a first 402 opens one approval window and holds the question until approved; the rule then carries a voucher', async () => {
    const worker = await unlockedWorker();
    await worker.page('page.hello', {});
    const asked = worker.paymentRequired();
    const id = await pendingId(worker);
    expect([...worker.platform.windowsOpen.values()]).toEqual([
      `chrome-extension://testextensionid/src/popup/index.html${APPROVAL_ROUTE_PREFIX}${id}`,
    ]);
    expect(worker.platform.badge).toBe('1');
    expect((await worker.popup('approvals.list', {})).value).toEqual([
      expect.objectContaining({ id, pageOrigin: PAGE, vendorOrigin: VENDOR_ORIGIN, vendor: VENDOR, proposedVoucherAtoms: 100_000n }),
    ]);
    expect(await approve(worker, id)).toEqual({ ok: true, value: {} });
    expect(await asked).toEqual({ ok: true, value: { retry: true } });
    expect(worker.platform.badge).toBe('');
    expect(worker.platform.windowsOpen.size).toBe(0);

    // The voucher is in the worker's header rule for this tab and page, never in a reply.
    const [rule] = worker.platform.sessionRules;
    expect(rule).toMatchObject({ tabId: 7, initiatorHost: '127.0.0.1', vendorOrigin: VENDOR_ORIGIN });
    const voucher = authenticatingVoucher(parseVoucherHeader(rule!.header));
    expect(voucher).toMatchObject({ vendor: VENDOR, nonce: 0n, atoms: 100_000n });
    expect(await isVoucherSignedByClient(voucher)).toBe(true);
    expect(voucher.client).toBe((await worker.popup('wallet.status', {})).value.address);
    const [vendor] = (await worker.popup('vendors.list', {})).value;
    expect(vendor).toMatchObject({ budgetAtoms: 1_000_000n, spentAtoms: 100_000n, vouchersSigned: 1, approvedOrigins: [PAGE] });
  });

  it('a page naming a trusted vendor URL is answered about the 402 the browser saw, from the vendor that sent it', async () => {
    const worker = await unlockedWorker();
    const attacker = 'http://127.0.0.1:9999';
    const terms = requirements({ vendor: '0x1111111111111111111111111111111111111111' });
    worker.platform.fetchHandler = (url) =>
      new Response(url.startsWith(attacker) ? discoveryOf(terms) : discoveryOf(requirements()), { headers: { 'content-type': 'application/json' } });
    // The attacker's vendor answered 402; the page claims it was the trusted vendor, with its body.
    await worker.observe({ status: 402, url: `${attacker}/pay`, headers: { 'x-voucher-required': 'v1' } });
    expect(await worker.ask(`${VENDOR_ORIGIN}/api/echo`, encodeRequirements(requirements()))).toMatchObject({
      ok: false,
      code: 'requirements_mismatch',
    });
    expect(worker.platform.windowsOpen.size).toBe(0);
    // With the attacker's own body, the approval shows the attacker's origin and address.
    void worker.ask(`${VENDOR_ORIGIN}/api/echo`, encodeRequirements(terms));
    await pendingId(worker);
    expect((await worker.popup('approvals.list', {})).value).toEqual([
      expect.objectContaining({ vendorOrigin: attacker, vendor: terms.vendor }),
    ]);
  });

  it('refuses a question about a 402 the browser never saw, and one from another tab or page', async () => {
    const worker = await unlockedWorker();
    expect(await worker.ask(`${VENDOR_ORIGIN}/api/echo`)).toMatchObject({ ok: false, code: 'payment_not_observed' });
    await worker.observe({ status: 402, headers: { 'x-voucher-required': 'v1' } });
    expect(await worker.ask(`${VENDOR_ORIGIN}/api/echo`, undefined, pageSender(PAGE, 8))).toMatchObject({ code: 'payment_not_observed' });
    expect(await worker.ask(`${VENDOR_ORIGIN}/api/echo`, undefined, pageSender('http://127.0.0.1:3001', 7))).toMatchObject({
      code: 'payment_not_observed',
    });
    // A 402 without the protocol's marker header is another scheme's.
    const other = new Harness();
    await other.popup('wallet.create', { password: 'password1' });
    await other.observe({ status: 402 });
    expect(await other.ask(`${VENDOR_ORIGIN}/api/echo`)).toMatchObject({ code: 'payment_not_observed' });
  });

  it('one window per page at a time, a bounded queue checked inside its lock, the next window after a decision', async () => {
    const worker = await unlockedWorker();
    // Invented vendor addresses in the wallet's own asset (an unknown asset is refused before any queue).
    const vendors = Array.from({ length: 20 }, (_, i) => `0x${(i + 1).toString(16).padStart(40, '0')}` as const);
    worker.platform.fetchHandler = (url) => {
      const port = Number(new URL(url).port);
      return new Response(discoveryOf(requirements({ vendor: vendors[port - 9000]! })), { headers: { 'content-type': 'application/json' } });
    };
    // 20 invented vendors answer at once: the asks race for the per-page cap.
    const asks = vendors.map(async (vendor, i) => {
      const url = `http://127.0.0.1:${9000 + i}/api`;
      return worker.paymentRequired(encodeRequirements(requirements({ vendor })), pageSender(), url);
    });
    const refused = (await Promise.all(asks.slice(3))).filter((reply) => !reply.ok);
    await pendingId(worker);
    const pending = (await worker.popup('approvals.list', {})).value;
    expect(pending).toHaveLength(3);
    expect(refused.length).toBe(17);
    expect(refused.every((reply) => reply.code === 'too_many_approvals')).toBe(true);
    expect(worker.platform.windowsOpen.size).toBe(1);
    // Deciding the shown one opens the next (one at a time), and answers its held question.
    const shown = pending.find((entry: { id: string }) => [...worker.platform.windowsOpen.values()][0]!.endsWith(entry.id))!;
    await worker.popup('approvals.decide', { id: shown.id, approve: false });
    expect(worker.platform.windowsOpen.size).toBe(1);
    expect((await worker.popup('approvals.list', {})).value).toHaveLength(2);
  });

  it('a worker stopped after storing the approval and before opening its window opens it on wake; a closed window rejects', async () => {
    const worker = await unlockedWorker();
    const create = worker.platform.windows.create;
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    worker.platform.windows.create = () => {
      stop();
      return new Promise(() => undefined); // the worker dies inside windows.create
    };
    void worker.paymentRequired();
    await stopped;
    worker.restartWorker();
    worker.platform.windows.create = create;
    await onWake(worker.services);
    expect(worker.platform.windowsOpen.size).toBe(1);
    const [windowId] = [...worker.platform.windowsOpen.keys()];
    // Killed again before the window's id was stored: the wake binds it, its close rejects.
    worker.restartWorker();
    await onWindowRemoved(worker.services, windowId!);
    expect((await worker.popup('approvals.list', {})).value).toEqual([]);
    expect(await worker.ask(`${VENDOR_ORIGIN}/api/echo`)).toMatchObject({ ok: false, code: 'vendor_rejected' });
  });

  it('a window opened but not yet bound when the worker stopped is bound on wake, and its close rejects', async () => {
    const worker = await unlockedWorker();
    const setWindow = worker.services.pending.setWindow.bind(worker.services.pending);
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    worker.services.pending.setWindow = () => {
      stop();
      return new Promise(() => undefined);
    };
    void setWindow;
    void worker.paymentRequired();
    await stopped;
    worker.restartWorker();
    await onWake(worker.services);
    expect(worker.platform.windowsOpen.size).toBe(1);
    const [entry] = await worker.services.pending.list();
    expect(entry).toMatchObject({ state: 'shown', windowId: [...worker.platform.windowsOpen.keys()][0] });
    await worker.platform.windows.remove(entry!.windowId!);
    await onWindowRemoved(worker.services, entry!.windowId!);
    expect(await worker.services.pending.list()).toEqual([]);
  });

  it('a stale header on a parallel 402 gets the newer one, not a second signature', async () => {
    const worker = await unlockedWorker();
    await worker.page('page.hello', {});
    const first = worker.paymentRequired();
    await approve(worker, await pendingId(worker));
    await first;
    const [rule] = worker.platform.sessionRules;
    // A request that carried voucher 0 meets a 402 with nextNonce 1, twice in parallel.
    const body = encodeRequirements(requirements({ nextNonce: 1n }));
    // Receipts show voucher 0 used, so the signing bound lets a next voucher be signed.
    await charge(worker, 100_000n);
    await worker.observe({ status: 402, headers: { 'x-voucher-required': 'v1' } }, { voucher: rule!.header });
    expect(await worker.ask(`${VENDOR_ORIGIN}/api/echo`, body)).toEqual({ ok: true, value: { retry: true } });
    const newer = worker.platform.sessionRules[0]!.header;
    expect(parseVoucherHeader(newer).vouchers.map((each) => each.nonce)).toContain(1n);
    await worker.observe({ status: 402, headers: { 'x-voucher-required': 'v1' } }, { voucher: rule!.header });
    expect(await worker.ask(`${VENDOR_ORIGIN}/api/echo`, body)).toEqual({ ok: true, value: { retry: true } });
    expect((await worker.popup('vendors.list', {})).value[0].spentAtoms).toBe(200_000n);
  });

  it('a fresh profile\'s nonce 0 met by voucher_spent with held vouchers (§5.1): the rule carries the newest held one, nothing signed', async () => {
    // Profile A signed 0 and 1 and is gone; B imports the same key and signs nonce 0 as A did.
    const worker = new Harness();
    const key = generatePrivateKey();
    await worker.popup('wallet.import', { privateKey: key, password: 'password1' });
    await worker.page('page.hello', {});
    const first = worker.paymentRequired();
    await approve(worker, await pendingId(worker));
    expect(await first).toEqual({ ok: true, value: { retry: true } });
    const sent = worker.platform.sessionRules[0]!.header;
    expect(parseVoucherHeader(sent).vouchers.map((each) => each.nonce)).toEqual([0n]);
    const a1 = await signVoucher(privateKeyToAccount(key), requirements(), { vendor: VENDOR, nonce: 1n, atoms: 100_000n });
    // The vendor holds 0 (B's is identical), finds it spent and shows what it holds after it.
    const behind = requirements({
      error: { code: 'voucher_spent', message: 'voucher 0 is spent; sign nonce 2' },
      nextNonce: 2n,
      credit: { unspent: 100_000n, unmarked: 0n, locked: 0n, cap: 10n ** 12n, available: 100_000n },
      heldVouchers: [{ nonce: 1n, atoms: 100_000n, signature: a1.signature }],
    });
    await worker.observe({ status: 402, headers: { 'x-voucher-required': 'v1' } }, { voucher: sent });
    expect(await worker.ask(`${VENDOR_ORIGIN}/api/echo`, encodeRequirements(behind))).toEqual({ ok: true, value: { retry: true } });
    const [voucher, ...others] = parseVoucherHeader(worker.platform.sessionRules[0]!.header).vouchers;
    expect(others).toEqual([]);
    expect(voucher).toMatchObject({ nonce: 1n, atoms: 100_000n, signature: a1.signature });
    // Nonce 1 is counted against the budget; the next voucher will be nonce 2.
    expect((await worker.popup('vendors.list', {})).value[0]).toMatchObject({ spentAtoms: 200_000n });
    expect((await worker.voucherState.list())[0]).toMatchObject({ nextNonce: 2n, ackedNonce: 1n });
  });

  it('a rejection is remembered and recorded from what the browser saw; an unknown vendor writes no history', async () => {
    const worker = await unlockedWorker();
    const asked = worker.paymentRequired('{"nope":1}');
    expect(await asked).toMatchObject({ ok: false, code: 'malformed_requirements' });
    expect((await worker.transactions.list({}, { limit: 10 })).items).toEqual([]);
    const first = worker.paymentRequired();
    await worker.popup('approvals.decide', { id: await pendingId(worker), approve: false });
    expect(await first).toMatchObject({ ok: false, code: 'vendor_rejected' });
    expect(await worker.paymentRequired()).toMatchObject({ ok: false, code: 'vendor_rejected' });
    const records = (await worker.transactions.list({}, { limit: 10 })).items;
    expect(records).toHaveLength(2);
    for (const record of records) {
      expect(record).toMatchObject({ status: 'error', errorCode: 'vendor_rejected', statusCode: 402, urlOrTarget: `${VENDOR_ORIGIN}/api/echo`, meta: { pageOrigin: PAGE } });
    }
    const vendorKey = (await worker.services.approvals.all())[0]!.vendorKeyId;
    await worker.popup('vendors.revoke', { vendorKey, origin: PAGE });
    void worker.paymentRequired();
    await pendingId(worker);
  });

  it('locked or paused: nothing is signed, no rule is left, and the record says why', async () => {
    const worker = await unlockedWorker();
    await worker.page('page.hello', {});
    const first = worker.paymentRequired();
    await approve(worker, await pendingId(worker));
    await first;
    expect(worker.platform.sessionRules).toHaveLength(1);
    await worker.popup('wallet.lock', {});
    expect(worker.platform.sessionRules).toEqual([]);
    expect(await worker.paymentRequired()).toMatchObject({ ok: false, code: 'wallet_locked' });
    await worker.popup('wallet.unlock', { password: 'password1' });
    expect(worker.platform.sessionRules).toHaveLength(1);
    await worker.popup('wallet.setPaused', { paused: true });
    expect(worker.platform.sessionRules).toEqual([]);
    expect(await worker.paymentRequired()).toMatchObject({ ok: false, code: 'paused' });
    const errors = (await worker.transactions.list({ status: 'error' }, { limit: 10 })).items.map((record) => record.errorCode);
    expect(errors.sort()).toEqual(['paused', 'wallet_locked']);
    expect((await worker.popup('vendors.list', {})).value[0].spentAtoms).toBe(100_000n);
  });
});

describe('page.paymentRequired against a hostile vendor', () => {
  it('refuses a vendor whose chain and contract name no asset the wallet knows at once, telling the user once in a window that cannot approve', async () => {
    const worker = await unlockedWorker();
    const unknown = requirements({ verifyingContract: '0x9999999999999999999999999999999999999999' });
    worker.platform.fetchHandler = () => new Response(discoveryOf(unknown), { headers: { 'content-type': 'application/json' } });
    const body = encodeRequirements(unknown);
    expect(await worker.paymentRequired(body)).toMatchObject({ ok: false, code: 'unknown_asset' });
    expect(await worker.paymentRequired(body)).toMatchObject({ ok: false, code: 'unknown_asset' });
    expect(worker.platform.windowsOpen.size).toBe(1);
    // Nobody decided about this vendor: its 402s write no history (a page cannot fill the log).
    expect(await worker.transactions.get(worker.lastRef)).toBeNull();
    const [pending] = (await worker.popup('approvals.list', {})).value;
    expect(pending).toMatchObject({ unknownAsset: true, asset: { symbol: 'atoms', decimals: 0 } });
    expect(await approve(worker, pending.id)).toMatchObject({ ok: false, code: 'unknown_asset' });
    expect(await worker.voucherState.list()).toEqual([]);
    expect(worker.platform.sessionRules).toEqual([]);
    // Closing it declines the vendor for the page: no further window, still the same code.
    const [windowId] = [...worker.platform.windowsOpen.keys()];
    await onWindowRemoved(worker.services, windowId!);
    expect(await worker.paymentRequired(body)).toMatchObject({ ok: false, code: 'unknown_asset' });
    expect(worker.platform.windowsOpen.size).toBe(0);
    expect((await worker.popup('vendors.rejected', {})).value).toHaveLength(1);
  });

  it('proposes the wallet\'s small defaults in its own asset, whatever the vendor suggests and claims', async () => {
    const worker = await unlockedWorker();
    const greedy = requirements({ suggestedVoucherAtoms: 10n ** 30n, asset: { symbol: 'USDC', decimals: 30 } });
    worker.platform.fetchHandler = () => new Response(discoveryOf(greedy), { headers: { 'content-type': 'application/json' } });
    const asked = worker.paymentRequired(encodeRequirements(greedy));
    const id = await pendingId(worker);
    const [pending] = (await worker.popup('approvals.list', {})).value;
    expect(pending).toMatchObject({
      id,
      asset: { symbol: 'tUSD', decimals: 6 },
      suggestedVoucherAtoms: 10n ** 30n,
      proposedVoucherAtoms: 1_000_000n,
      proposedBudgetAtoms: 10_000_000n,
    });
    await worker.popup('approvals.decide', { id, approve: true, budgetAtoms: pending.proposedBudgetAtoms, maxVoucherAtoms: pending.proposedVoucherAtoms });
    expect(await asked).toEqual({ ok: true, value: { retry: true } });
    expect(authenticatingVoucher(parseVoucherHeader(worker.platform.sessionRules[0]!.header)).atoms).toBe(1_000_000n);
    expect((await worker.popup('vendors.list', {})).value[0].asset).toEqual({ symbol: 'tUSD', decimals: 6, address: expect.any(String), microUsdPerUnit: 1_000_000n });
  });

  it('a raise of the approved prices asks again (held, not polled), showing old and new; approving signs at the new prices', async () => {
    const worker = await unlockedWorker();
    await worker.page('page.hello', {});
    const first = worker.paymentRequired();
    await approve(worker, await pendingId(worker));
    await first;
    await charge(worker, 100_000n);
    const base = requirements().prices;
    const raised = { ...base, atomsPerGB: base.atomsPerGB * 1_000_000n };
    const body = encodeRequirements(requirements({ nextNonce: 1n, prices: raised }));
    const asked = worker.paymentRequired(body);
    const id = await pendingId(worker);
    expect(worker.platform.windowsOpen.size).toBe(1); // the first approval's window closed itself
    const [pending] = (await worker.popup('approvals.list', {})).value;
    expect(pending).toMatchObject({ id, prices: raised, previousPrices: { atomsPerHour: base.atomsPerHour, atomsPerGB: base.atomsPerGB } });
    let [vendor] = (await worker.popup('vendors.list', {})).value;
    expect(vendor).toMatchObject({ vouchersSigned: 1, prices: base, hold: { reason: 'prices_raised', offered: raised } });
    // The rule still carries only voucher 0: nothing was signed at the raised prices.
    expect(parseVoucherHeader(worker.platform.sessionRules[0]!.header).vouchers.map((each) => each.nonce)).toEqual([0n]);

    await approve(worker, id);
    expect(await asked).toEqual({ ok: true, value: { retry: true } });
    expect(parseVoucherHeader(worker.platform.sessionRules[0]!.header).vouchers.map((each) => each.nonce)).toContain(1n);
    [vendor] = (await worker.popup('vendors.list', {})).value;
    expect(vendor.prices).toEqual(raised);
    expect(vendor.hold).toBeUndefined();
    expect(worker.platform.windowsOpen.size).toBe(0);
  });

  it('closing the re-approval window declines the vendor for the page; the hold stays until resumed', async () => {
    const worker = await unlockedWorker();
    const first = worker.paymentRequired();
    await approve(worker, await pendingId(worker));
    await first;
    const raised = { ...requirements().prices, atomsPerHour: 10n ** 12n };
    const body = encodeRequirements(requirements({ nextNonce: 1n, prices: raised }));
    const asked = worker.paymentRequired(body);
    await pendingId(worker);
    const [windowId] = [...worker.platform.windowsOpen.keys()].slice(-1);
    await onWindowRemoved(worker.services, windowId!);
    expect(await asked).toMatchObject({ ok: false, code: 'vendor_rejected' });
    expect(await worker.paymentRequired(body)).toMatchObject({ ok: false, code: 'vendor_rejected' });
    const [rejected] = (await worker.popup('vendors.rejected', {})).value;
    expect(rejected).toMatchObject({ vendor: VENDOR, rejectedOrigins: [PAGE] });
    const [vendor] = (await worker.popup('vendors.list', {})).value;
    expect(vendor.hold).toMatchObject({ reason: 'prices_raised' });
    // Undo the rejection: the page asks again.
    await worker.popup('vendors.revoke', { vendorKey: rejected.vendorKey, origin: PAGE });
    expect((await worker.popup('vendors.rejected', {})).value).toEqual([]);
    void worker.paymentRequired(body);
    await pendingId(worker);
  });
});

describe('auto-lock while pages pay', () => {
  it('a page forcing a signature every 20 s does not keep the wallet unlocked: only the user\'s actions count', async () => {
    const worker = await unlockedWorker();
    await worker.popup('wallet.setAutoLock', { minutes: 1 });
    await worker.page('page.hello', {});
    const first = worker.paymentRequired();
    await approve(worker, await pendingId(worker), 10_000_000n, 100_000n);
    await first;
    const deadline = (await worker.popup('wallet.status', {})).value.lockDeadline as number;
    const newest = () => parseVoucherHeader(worker.platform.sessionRules[0]!.header).vouchers.map((each) => each.nonce).at(-1);
    for (let n = 1; n <= 2; n++) {
      worker.platform.clock.now += 20_000;
      await charge(worker, 100_000n);
      const paid = await worker.paymentRequired(encodeRequirements(requirements({ nextNonce: BigInt(n) })));
      expect(paid).toEqual({ ok: true, value: { retry: true } });
      expect(newest()).toBe(BigInt(n));
    }
    expect(await worker.services.autoLock.deadline()).toBe(deadline);
    worker.platform.clock.now = deadline;
    expect(await worker.paymentRequired(encodeRequirements(requirements({ nextNonce: 3n })))).toMatchObject({ ok: false, code: 'wallet_locked' });
    expect((await worker.popup('wallet.status', {})).value.state).toBe('locked');
    expect(worker.platform.sessionRules).toEqual([]);
  });
});
