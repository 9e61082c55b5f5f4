import { expect, test } from './fixtures';
import { AccountPage } from './pages/AccountPage';
import { MainPage } from './pages/MainPage';
import { OnboardingPage } from './pages/OnboardingPage';
import { saveScreen } from './pages/screens';
import { UnlockPage } from './pages/UnlockPage';
import { TID } from '../src/popup/testids';
import { KNOWN_ADDRESS, KNOWN_KEY, KNOWN_PHRASE, PASSWORD } from './support/flows';
import { callWorker } from './support/worker-calls';

test('create a wallet, lock it, refuse a wrong password, unlock with the right one', async ({ openPopup, walletPage }) => {
  const first = await openPopup();
  const firstOnboarding = new OnboardingPage(first);
  await expect(firstOnboarding.createButton).toBeVisible();
  await saveScreen(first, 'onboarding');
  const phrase = await firstOnboarding.startCreate(PASSWORD);
  expect(phrase.split(' ')).toHaveLength(12);
  await saveScreen(first, 'onboarding-phrase');
  // The popup closes (it loses focus while the user writes the words down): it resumes with the same phrase.
  await first.close();
  const popup = await openPopup();
  const onboarding = new OnboardingPage(popup);
  expect(await onboarding.shownPhrase()).toBe(phrase);
  // Not usable before the phrase is confirmed.
  expect((await callWorker(walletPage, 'wallet.status', {})).state).toBe('uninitialized');
  await onboarding.toConfirm();
  await saveScreen(popup, 'onboarding-confirm');
  await onboarding.confirm(phrase, (word) => (word === 'zoo' ? 'abandon' : 'zoo'));
  await expect(onboarding.error).toHaveText(/not the words of your phrase/);
  expect((await callWorker(walletPage, 'wallet.status', {})).state).toBe('uninitialized');
  await onboarding.confirm(phrase);

  const main = new MainPage(popup);
  await expect(main.activityTab).toBeVisible();
  const status = await callWorker(walletPage, 'wallet.status', {});
  expect(status.state).toBe('unlocked');
  const account = await new AccountPage(popup).open();
  await expect(account.address).toHaveText(status.address!);
  await saveScreen(popup, 'account');

  // Export asks for the password again and shows the same phrase.
  await account.revealSecret(PASSWORD);
  await expect(account.revealedPhrase).toContainText(phrase.split(' ')[11]!);
  expect(await account.revealedPhraseWords()).toBe(phrase);
  await saveScreen(popup, 'account-phrase');
  await account.hideSecret();

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
  await onboarding.importSecret('0x1234', PASSWORD);
  await expect(onboarding.error).toContainText('64 hexadecimal digits');
  await popup.getByTestId(TID.importSecret).fill(KNOWN_KEY);
  await popup.getByTestId(TID.onboardingSubmit).click();

  const account = await new AccountPage(popup).open();
  await expect(account.address).toHaveText(KNOWN_ADDRESS);
  expect((await callWorker(walletPage, 'wallet.status', {})).address).toBe(KNOWN_ADDRESS);
});

test('import a recovery phrase: a bad word is named, the right phrase gives its first account', async ({ openPopup, walletPage }) => {
  const popup = await openPopup();
  const onboarding = new OnboardingPage(popup);
  await onboarding.importSecret(KNOWN_PHRASE.replace('junk', 'junkk'), PASSWORD);
  await expect(onboarding.error).toContainText('word 12');
  await popup.getByTestId(TID.importSecret).fill(KNOWN_PHRASE.replace('junk', 'test'));
  await popup.getByTestId(TID.onboardingSubmit).click();
  await expect(onboarding.error).toContainText('does not add up');
  await saveScreen(popup, 'onboarding-import-error');
  await popup.getByTestId(TID.importSecret).fill(KNOWN_PHRASE);
  await popup.getByTestId(TID.onboardingSubmit).click();

  const account = await new AccountPage(popup).open();
  await expect(account.address).toHaveText(KNOWN_ADDRESS);
  expect((await callWorker(walletPage, 'wallet.status', {})).address).toBe(KNOWN_ADDRESS);
});
