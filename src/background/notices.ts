import type { Services } from './services';

/** Badge = number of approvals waiting; pages listening get the count too. */
export async function refreshApprovalsBadge(services: Services): Promise<number> {
  const pending = (await services.pending.list()).length;
  await services.platform.action.setBadgeText({ text: pending > 0 ? String(pending) : '' });
  services.platform.notify({ channel: 'notice', type: 'approvals.changed', pending });
  return pending;
}

export function vendorsChanged(services: Services): void {
  services.platform.notify({ channel: 'notice', type: 'vendors.changed' });
}
