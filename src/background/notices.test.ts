import { describe, expect, it } from 'vitest';
import { ATTENTION_BADGE, ATTENTION_NOTIFICATION_ID } from './notices';
import { Harness } from './testing/harness';

const invitations = (worker: Harness) => worker.platform.notificationsCreated.filter((n) => n.id === ATTENTION_NOTIFICATION_ID);

describe('a paid request the wallet cannot pay invites the user, once per state', () => {
  it('no wallet: the page is refused with no_wallet, the record says so, one notification and a badge', async () => {
    const worker = new Harness();
    expect(await worker.paymentRequired()).toMatchObject({ ok: false, code: 'no_wallet' });
    // No vendor can be approved without a wallet: the refusal writes no history (a page cannot fill the log).
    expect(await worker.transactions.get(worker.lastRef)).toBeNull();
    expect(worker.platform.badge).toBe(ATTENTION_BADGE);
    expect(worker.platform.title).toMatch(/set up/);
    expect(invitations(worker)).toEqual([expect.objectContaining({ message: expect.stringMatching(/no wallet/i) })]);

    // More requests in the same state, across a worker kill: no second notification.
    expect(await worker.paymentRequired()).toMatchObject({ code: 'no_wallet' });
    worker.restartWorker();
    expect(await worker.paymentRequired()).toMatchObject({ code: 'no_wallet' });
    // The restarted worker's platform logs afresh: the reason kept in storage.session stopped a second one.
    expect(invitations(worker)).toHaveLength(0);
  });

  it('the invitation is answered by creating a wallet, and re-armed for the next locked state', async () => {
    const worker = new Harness();
    await worker.paymentRequired();
    await worker.paymentRequired();
    expect(invitations(worker)).toHaveLength(1);
    await worker.createWallet('password1');
    expect(worker.platform.badge).toBe('');
    expect(worker.platform.notificationsShown.has(ATTENTION_NOTIFICATION_ID)).toBe(false);

    await worker.popup('wallet.lock', {});
    expect(await worker.paymentRequired()).toMatchObject({ code: 'wallet_locked' });
    expect(await worker.paymentRequired()).toMatchObject({ code: 'wallet_locked' });
    expect(invitations(worker).map((n) => n.title)).toEqual([expect.stringMatching(/asked to pay/), expect.stringMatching(/locked/)]);
    expect(worker.platform.badge).toBe(ATTENTION_BADGE);
    expect(worker.platform.title).toMatch(/unlock/);

    await worker.popup('wallet.unlock', { password: 'password1' });
    expect(worker.platform.badge).toBe('');
    await worker.popup('wallet.lock', {});
    await worker.paymentRequired();
    expect(invitations(worker)).toHaveLength(3);
  });

  it('a waiting approval count wins the badge over the invitation', async () => {
    const worker = new Harness();
    await worker.createWallet('password1');
    void worker.paymentRequired(); // an approval window opens (the question is held meanwhile)
    await expect.poll(() => worker.platform.badge).toBe('1');
  });
});
