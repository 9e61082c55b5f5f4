import { expect, test } from './fixtures';
import { AccountPage } from './pages/AccountPage';
import { MainPage } from './pages/MainPage';
import { OnboardingPage } from './pages/OnboardingPage';
import { saveScreen } from './pages/screens';
import { UnlockPage } from './pages/UnlockPage';
import { KNOWN_ADDRESS, KNOWN_KEY, PASSWORD } from './support/flows';
import { callWorker } from './support/worker-calls';

test('create a wallet, lock it, refuse a wrong password, unlock with the right one', async ({ openPopup, walletPage }) => {
  const popup = await openPopup();
  const onboarding = new OnboardingPage(popup);
  await expect(onboarding.createButton).toBeVisible();
  await saveScreen(popup, 'onboarding');
  await onboarding.create(PASSWORD);

  const main = new MainPage(popup);
  await expect(main.activityTab).toBeVisible();
  const status = await callWorker(walletPage, 'wallet.status', {});
  expect(status.state).toBe('unlocked');
  const account = await new AccountPage(popup).open();
  await expect(account.address).toHaveText(status.address!);
  await saveScreen(popup, 'account');

  await account.lockNow();
  const unlock = new UnlockPage(popup);
  await expect(unlock.submit).toBeVisible();
  expect((await callWorker(walletPage, 'wallet.status', {})).state).toBe('locked');
  await saveScreen(popup, 'unlock');

  await unlock.unlock('not the password');
  await expect(unlock.error).toHaveText(/password is wrong/i);
  expect((await callWorker(walletPage, 'wallet.status', {})).state).toBe('locked');

  await unlock.unlock(PASSWORD);
  await expect(main.activityTab).toBeVisible();
  expect(await callWorker(walletPage, 'wallet.status', {})).toMatchObject({ state: 'unlocked', address: status.address });
});

test('import a known private key: its address is shown', async ({ openPopup, walletPage }) => {
  const popup = await openPopup();
  const onboarding = new OnboardingPage(popup);
  await onboarding.importKey('0x1234', PASSWORD);
  await expect(onboarding.error).toContainText('64 hexadecimal digits');
  await popup.getByTestId('private-key').fill(KNOWN_KEY);
  await popup.getByTestId('onboarding-submit').click();

  const account = await new AccountPage(popup).open();
  await expect(account.address).toHaveText(KNOWN_ADDRESS);
  expect((await callWorker(walletPage, 'wallet.status', {})).address).toBe(KNOWN_ADDRESS);
});
