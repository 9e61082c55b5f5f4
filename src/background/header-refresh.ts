import { syncRules } from './interception/header-rules';
import type { Services } from './services';

/**
 * Signed headers pay as surely as new signatures: when the user locks, pauses, unpauses, unlocks
 * or revokes, the worker's header rules are rebuilt at once (none while locked or paused).
 */
export async function refreshHeaderRules(services: Services): Promise<void> {
  await syncRules(services).catch((error: unknown) => console.warn('voucher wallet: updating header rules failed', error));
}
