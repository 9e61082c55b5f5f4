import { FORGET_HEADERS } from '../messaging/bridge-messages';
import type { Platform } from './platform';

/**
 * Page wrappers cache each approved vendor's x-voucher header so a steady-state request needs no
 * message. Those headers are already signed, so a vendor keeps accepting them while credit lasts:
 * when the user locks, pauses or revokes, the caches must go too, or payments would go on.
 */
export async function forgetPageHeaders(platform: Platform): Promise<void> {
  await platform.tellTabs(FORGET_HEADERS).catch((error: unknown) => console.warn('voucher wallet: telling tabs failed', error));
}
