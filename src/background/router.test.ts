import { describe, expect, it, vi } from 'vitest';
import { PayerError } from '../payer/errors';
import { classifySender, replyForError } from './router';
import { EXTENSION_ID, Harness, PAGE, pageSender, popupSender } from './testing/harness';

const BASE = `chrome-extension://${EXTENSION_ID}/`;

describe('classifySender', () => {
  it('takes the page origin from the sender record, never from the message', () => {
    expect(classifySender(pageSender('https://shop.example'), EXTENSION_ID, BASE)).toEqual({
      kind: 'page',
      origin: 'https://shop.example',
      tabId: 7,
      frameId: 0,
    });
    expect(classifySender({ id: EXTENSION_ID, url: 'https://a.example/x', tab: { id: 1 } }, EXTENSION_ID, BASE)).toMatchObject({
      origin: 'https://a.example',
    });
  });

  it('refuses other extensions, tabless web senders, opaque origins and non-http pages', () => {
    const refused = [
      { ...popupSender, id: 'otherextension' },
      { id: EXTENSION_ID, url: 'https://a.example/' },
      { ...pageSender(), origin: 'null' },
      { id: EXTENSION_ID, url: 'file:///etc/passwd', tab: { id: 1 } },
      { id: EXTENSION_ID },
    ];
    for (const sender of refused) expect(classifySender(sender, EXTENSION_ID, BASE)).toEqual({ kind: 'refused' });
    expect(classifySender(popupSender, EXTENSION_ID, BASE)).toEqual({ kind: 'extension' });
  });
});

describe('route', () => {
  it('a content script cannot call the popup API, and a page cannot pick another channel', async () => {
    const worker = new Harness();
    expect(await worker.send({ channel: 'popup', type: 'wallet.exportKey', input: { password: 'x' } }, pageSender())).toMatchObject({
      ok: false,
      code: 'forbidden_sender',
    });
    expect(await worker.send({ channel: 'page', type: 'page.hello', input: {} }, popupSender)).toMatchObject({
      ok: false,
      code: 'forbidden_sender',
    });
    expect(await worker.send({ channel: 'page', type: 'page.hello', input: {} }, { ...pageSender(), id: 'evil' })).toMatchObject({
      code: 'forbidden_sender',
    });
  });

  it('validates inputs and names unknown types', async () => {
    const worker = new Harness();
    expect(await worker.popup('wallet.create', { password: 12 } as never)).toMatchObject({ ok: false, code: 'bad_input' });
    expect(await worker.popup('wallet.setPaused', { paused: true, extra: 1 } as never)).toMatchObject({ code: 'bad_input' });
    expect(await worker.send({ channel: 'popup', type: 'wallet.steal', input: {} }, popupSender)).toMatchObject({
      code: 'unknown_type',
    });
    expect(await worker.send({ channel: 'popup', type: 'toString', input: {} }, popupSender)).toMatchObject({
      code: 'unknown_type',
    });
    expect(await worker.send('nonsense', popupSender)).toMatchObject({ code: 'bad_input' });
    expect(
      await worker.popup('approvals.decide', { id: 'x', approve: true, budgetAtoms: 10n, maxVoucherAtoms: 11n }),
    ).toMatchObject({ code: 'bad_input' });
  });

  it('wallet lifecycle over the wire: create, status, lock, wrong password, unlock, export', async () => {
    const worker = new Harness();
    expect(await worker.popup('wallet.status', {})).toMatchObject({ ok: true, value: { state: 'uninitialized', pendingApprovals: 0 } });
    expect(await worker.popup('wallet.create', { password: 'short' })).toMatchObject({ code: 'weak_password' });
    const created = await worker.popup('wallet.create', { password: 'password1' });
    expect(created.value).toMatchObject({ address: expect.stringMatching(/^0x[0-9a-fA-F]{40}$/), confirm: expect.any(Array) });
    // Not usable before the phrase is confirmed.
    expect((await worker.popup('wallet.status', {})).value).toMatchObject({ state: 'uninitialized' });
    const words = (created.value.phrase as string).split(' ');
    const positions = created.value.confirm as number[];
    expect(await worker.popup('wallet.confirmPhrase', { address: created.value.address, words: positions.map((p, i) => (i === 0 ? (words[p] === 'zoo' ? 'abandon' : 'zoo') : words[p]!)) })).toMatchObject({ code: 'phrase_mismatch' });
    expect(await worker.popup('wallet.confirmPhrase', { address: created.value.address, words: positions.map((p) => words[p]!) })).toEqual({ ok: true, value: { address: created.value.address } });
    const status = await worker.popup('wallet.status', {});
    expect(status.value).toMatchObject({ state: 'unlocked', address: created.value.address, autoLockMinutes: 15, paused: false });
    expect(status.value.lockDeadline).toBe(worker.platform.clock.now + 15 * 60_000);
    expect(await worker.popup('wallet.lock', {})).toEqual({ ok: true, value: {} });
    expect(await worker.popup('wallet.unlock', { password: 'password2' })).toMatchObject({ code: 'wrong_password' });
    expect(await worker.popup('wallet.unlock', { password: 'password1' })).toMatchObject({ ok: true });
    expect(await worker.popup('wallet.exportKey', { password: 'nope-nope' })).toMatchObject({ code: 'wrong_password' });
    expect((await worker.popup('wallet.exportKey', { password: 'password1' })).value).toEqual({
      privateKey: expect.stringMatching(/^0x[0-9a-f]{64}$/),
      phrase: created.value.phrase,
    });
    expect(worker.platform.notices).toContainEqual(expect.objectContaining({ type: 'wallet.changed' }));
  });

  it('locks on the first message after the idle deadline, even if the alarm never fired', async () => {
    const worker = new Harness();
    await worker.createWallet('password1');
    await worker.popup('wallet.setAutoLock', { minutes: 1 });
    worker.platform.clock.now += 60_001;
    worker.restartWorker();
    expect((await worker.popup('wallet.status', {})).value.state).toBe('locked');
  });

  it('a page learns nothing of the wallet from hello before approving anything', async () => {
    const worker = new Harness();
    await worker.createWallet('password1');
    const hello = await worker.page('page.hello', {}, pageSender(PAGE));
    expect(hello).toEqual({ ok: true, value: {} });
  });
});

describe('replyForError', () => {
  it("passes on the payer's refusals under their own code, and answers internal for what the worker cannot meet", () => {
    expect(replyForError(new PayerError('budget_exhausted', 'budget left 0 atoms'))).toEqual({
      ok: false,
      code: 'budget_exhausted',
      message: 'budget left 0 atoms',
    });
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(replyForError(new PayerError('network_error', 'request failed'))).toMatchObject({ ok: false, code: 'internal' });
    expect(replyForError(new TypeError('x is undefined'))).toMatchObject({ ok: false, code: 'internal' });
    expect(quiet).toHaveBeenCalledTimes(2);
    quiet.mockRestore();
  });
});
