import type { HeaderRule } from '../platform';
import { vendorHeader } from './vendor-headers';
import type { Services } from '../services';

/**
 * The worker's x-voucher rules, rebuilt whole from storage: for every tab, every page origin in
 * it and every vendor approved for that origin with a voucher signed, one declarativeNetRequest
 * session rule. Nothing while paused or locked (a signed header pays as surely as a new
 * signature). One rebuild runs at a time; calls meanwhile share the next one, so the rules always
 * end up matching the storage of the last call.
 */
export function syncRules(services: Services): Promise<void> {
  const state = services.interception;
  if (state.queuedSync) return state.queuedSync;
  const previous = state.runningSync ?? Promise.resolve();
  const next = previous.then(async () => {
    state.queuedSync = undefined;
    state.runningSync = next;
    try {
      await services.platform.rules.replaceAll(await wantedRules(services));
    } finally {
      if (state.runningSync === next) state.runningSync = undefined;
    }
  });
  state.queuedSync = next;
  return next;
}

export async function wantedRules(services: Services): Promise<HeaderRule[]> {
  if ((await services.settings.get()).paused) return [];
  if ((await services.vault.state()) !== 'unlocked') return [];
  const tabs = await services.tabPages.all();
  const approvals = await services.approvals.all();
  const headers = new Map<string, string | null>();
  const rules: HeaderRule[] = [];
  for (const [tab, origins] of Object.entries(tabs)) {
    for (const origin of origins) {
      for (const approval of approvals) {
        if (!approval.approvedOrigins.includes(origin)) continue;
        if (!headers.has(approval.vendorKeyId)) headers.set(approval.vendorKeyId, (await vendorHeader(services, approval))?.header ?? null);
        const header = headers.get(approval.vendorKeyId);
        if (!header) continue;
        rules.push({ id: rules.length + 1, tabId: Number(tab), initiatorHost: new URL(origin).hostname, vendorOrigin: approval.vendorOrigin, header });
      }
    }
  }
  return rules;
}
