import { POPUP_PAGE, WELCOME_ROUTE } from '../messaging/names';
import type { Services } from './services';

/** Why a paid request could not be paid that the user can fix: no wallet yet, or a locked one. */
export type AttentionReason = 'no_wallet' | 'wallet_locked';

/** The reason the user was last invited for (storage.session), so each state invites once, not each request. */
export const ATTENTION_KEY = 'attention.reason';
export const ATTENTION_NOTIFICATION_ID = 'wallet-attention';
export const ATTENTION_BADGE = '!';
const DEFAULT_TITLE = 'Voucher Wallet';

const INVITATIONS: Record<AttentionReason, { title: string; message: string; tooltip: string }> = {
  no_wallet: {
    title: 'A page asked to pay with Voucher Wallet',
    message: 'There is no wallet yet. Click to create or import one; the page can then retry.',
    tooltip: 'Voucher Wallet: set up a wallet to pay',
  },
  wallet_locked: {
    title: 'The wallet is locked',
    message: 'A page asked to pay. Click to unlock the wallet; the page can then retry.',
    tooltip: 'Voucher Wallet: unlock to pay',
  },
};

async function attentionReason(services: Services): Promise<AttentionReason | undefined> {
  const value = (await services.platform.session.get(ATTENTION_KEY))[ATTENTION_KEY];
  return value === 'no_wallet' || value === 'wallet_locked' ? value : undefined;
}

/**
 * The badge: the number of approvals waiting, else "!" while a paid request is waiting for the
 * user to set up or unlock. Pages listening get the approvals count too.
 */
export async function refreshBadge(services: Services): Promise<number> {
  const [pending, reason] = await Promise.all([services.pending.list().then((list) => list.length), attentionReason(services)]);
  const text = pending > 0 ? String(pending) : reason ? ATTENTION_BADGE : '';
  await services.platform.action.setBadgeText({ text });
  await services.platform.action.setTitle({ title: reason ? INVITATIONS[reason].tooltip : DEFAULT_TITLE });
  services.platform.notify({ channel: 'notice', type: 'approvals.changed', pending });
  return pending;
}

/**
 * A paid request met a wallet that cannot pay: badge and one notification invite the user to set
 * up or unlock. Once per state: further requests in the same state change nothing, and the
 * invitation is re-armed only when the wallet becomes usable (`clearAttention`) or the browser
 * session ends (storage.session).
 */
export async function inviteUser(services: Services, reason: AttentionReason): Promise<void> {
  const fresh = await services.lock.run(ATTENTION_KEY, async () => {
    if ((await attentionReason(services)) === reason) return false;
    await services.platform.session.set({ [ATTENTION_KEY]: reason });
    return true;
  });
  if (!fresh) return;
  await refreshBadge(services);
  const { title, message } = INVITATIONS[reason];
  await services.platform.notifications.create(ATTENTION_NOTIFICATION_ID, { title, message });
}

/** The wallet is usable (created, imported, unlocked): the invitation is answered. */
export async function clearAttention(services: Services): Promise<void> {
  if ((await attentionReason(services)) === undefined) return;
  await services.platform.session.remove(ATTENTION_KEY);
  await services.platform.notifications.clear(ATTENTION_NOTIFICATION_ID).catch(() => undefined);
  await refreshBadge(services);
}

/** The popup's app in a full tab: it shows onboarding without a wallet, the unlock form when locked. */
export function welcomeUrl(services: Services): string {
  return services.platform.getURL(`${POPUP_PAGE}${WELCOME_ROUTE}`);
}

export function vendorsChanged(services: Services): void {
  services.platform.notify({ channel: 'notice', type: 'vendors.changed' });
}
