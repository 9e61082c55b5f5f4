import { describe, expect, it } from 'vitest';
import { ATTENTION_BADGE, ATTENTION_NOTIFICATION_ID } from './notices';
import { Harness } from './testing/harness';

const invitations = (worker: Harness) => worker.platform.notificationsCreated.filter((n) => n.id === ATTENTION_NOTIFICATION_ID);

describe('a paid request the wallet cannot pay invites the user, once per state', () => {
  it('no wallet: the page is refused with no_wallet, the record says so, one notification and a badge', async () => {
    const worker = new Harness();
    expect(await worker.paymentRequired('a')).toMatchObject({ ok: false, code: 'no_wallet' });
    expect(await worker.transactions.get('a')).toMatchObject({ status: 'error', errorCode: 'no_wallet', statusCode: 402 });
    expect(worker.platform.badge).toBe(ATTENTION_BADGE);
    expect(worker.platform.title).toMatch(/set up/);
    expect(invitations(worker)).toEqual([expect.objectContaining({ message: expect.stringMatching(/no wallet/i) })]);

    // More requests in the same state, across a worker kill: no second notification.
    expect(await worker.paymentRequired('b')).toMatchObject({ code: 'no_wallet' });
    worker.restartWorker();
    expect(await worker.paymentRequired('c')).toMatchObject({ code: 'no_wallet' });
    // The restarted worker's platform logs afresh: the reason kept in storage.session stopped a second one.
    expect(invitations(worker)).toHaveLength(0);
  });

  it('the invitation is answered by creating a wallet, and re-armed for the next locked state', async () => {
    const worker = new Harness();
    await worker.paymentRequired('a');
    await worker.paymentRequired('b');
    expect(invitations(worker)).toHaveLength(1);
    await worker.createWallet('password1');
    expect(worker.platform.badge).toBe('');
    expect(worker.platform.notificationsShown.has(ATTENTION_NOTIFICATION_ID)).toBe(false);

    await worker.popup('wallet.lock', {});
    expect(await worker.paymentRequired('c')).toMatchObject({ code: 'wallet_locked' });
    expect(await worker.transactions.get('c')).toMatchObject({ status: 'error', errorCode: 'wallet_locked' });
    expect(await worker.paymentRequired('d')).toMatchObject({ code: 'wallet_locked' });
    expect(invitations(worker).map((n) => n.title)).toEqual([expect.stringMatching(/asked to pay/), expect.stringMatching(/locked/)]);
    expect(worker.platform.badge).toBe(ATTENTION_BADGE);
    expect(worker.platform.title).toMatch(/unlock/);

    await worker.popup('wallet.unlock', { password: 'password1' });
    expect(worker.platform.badge).toBe('');
    await worker.popup('wallet.lock', {});
    await worker.paymentRequired('e');
    expect(invitations(worker)).toHaveLength(3);
  });

  it('a waiting approval count wins the badge over the invitation', async () => {
    const worker = new Harness();
    await worker.createWallet('password1');
    await worker.paymentRequired('a'); // an approval window opens
    expect(worker.platform.badge).toBe('1');
  });
});
