import { describe, expect, it } from 'vitest';
import { onInstalled, onNotificationClicked } from './lifecycle';
import { ATTENTION_NOTIFICATION_ID } from './notices';
import { Harness } from './testing/harness';

const WELCOME = 'chrome-extension://testextensionid/src/popup/index.html#/welcome';

describe('onInstalled', () => {
  it('a first install opens the onboarding in a tab', async () => {
    const worker = new Harness();
    await onInstalled(worker.services, 'install');
    expect(worker.platform.tabsOpened).toEqual([WELCOME]);
  });

  it('an update, a browser update or an install that finds a wallet opens nothing', async () => {
    const worker = new Harness();
    await onInstalled(worker.services, 'update');
    await onInstalled(worker.services, 'chrome_update');
    await worker.createWallet('password1');
    await onInstalled(worker.services, 'install');
    expect(worker.platform.tabsOpened).toEqual([]);
  });
});

describe('onNotificationClicked', () => {
  it('the invitation opens the same page (onboarding or unlock, as the state needs) and goes away', async () => {
    const worker = new Harness();
    await worker.paymentRequired();
    expect(worker.platform.notificationsShown.has(ATTENTION_NOTIFICATION_ID)).toBe(true);
    await onNotificationClicked(worker.services, 'someone-else');
    expect(worker.platform.tabsOpened).toEqual([]);
    await onNotificationClicked(worker.services, ATTENTION_NOTIFICATION_ID);
    expect(worker.platform.tabsOpened).toEqual([WELCOME]);
    expect(worker.platform.notificationsShown.has(ATTENTION_NOTIFICATION_ID)).toBe(false);
  });
});
