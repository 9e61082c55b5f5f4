import { TID } from '../../src/popup/testids';
import { KNOWN_ADDRESS, KNOWN_KEY, KNOWN_PHRASE, PASSWORD } from '../support/flows';
import { callWorker } from '../support/worker-calls';
import { expect, test } from './fixtures';
import { byTestId, clickTestId, fillTestId, openExtensionPage, POPUP_PATH, textNow, waitVisible } from './support/firefox';
import { confirmPhrase, importSecret, shownPhrase, startCreate, toConfirm } from './support/onboarding';

// e2e/01-onboarding.spec.ts on Firefox (its screenshots are Chromium's).
const error = byTestId(TID.formError);

test('Firefox: create a wallet, lock it, refuse a wrong password, unlock with the right one', async ({ firefox, walletPage }) => {
  const first = await openExtensionPage(firefox, POPUP_PATH);
  await waitVisible(first, byTestId(TID.onboardingCreate));
  const phrase = await startCreate(first, PASSWORD);
  expect(phrase.split(' ')).toHaveLength(12);
  // The popup closes (it loses focus while the user writes the words down): it resumes with the same phrase.
  await first.close();
  const popup = await openExtensionPage(firefox, POPUP_PATH);
  expect(await shownPhrase(popup)).toBe(phrase);
  // Not usable before the phrase is confirmed.
  expect((await callWorker(walletPage, 'wallet.status', {})).state).toBe('uninitialized');
  await toConfirm(popup);
  await confirmPhrase(popup, phrase, (word) => (word === 'zoo' ? 'abandon' : 'zoo'));
  await expect.poll(() => textNow(popup, error)).toMatch(/not the words of your phrase/);
  expect((await callWorker(walletPage, 'wallet.status', {})).state).toBe('uninitialized');
  await confirmPhrase(popup, phrase);

  await waitVisible(popup, byTestId(TID.tabActivity));
  const status = await callWorker(walletPage, 'wallet.status', {});
  expect(status.state).toBe('unlocked');
  await clickTestId(popup, TID.tabAccount);
  await expect.poll(() => textNow(popup, byTestId(TID.accountAddress))).toBe(status.address);

  // Export asks for the password again and shows the same phrase.
  await clickTestId(popup, TID.exportKeyOpen);
  await fillTestId(popup, TID.exportKeyPassword, PASSWORD);
  await clickTestId(popup, TID.exportKeySubmit);
  await popup.waitForSelector(byTestId(TID.privateKeyRevealed));
  expect(await textNow(popup, byTestId(TID.phraseRevealed))).toContain(phrase.split(' ')[11]!);
  const revealed = await popup.$eval(byTestId(TID.phraseRevealed), (list) => [...list.querySelectorAll('li')].map((li) => li.lastChild?.textContent ?? ''));
  expect(revealed.join(' ')).toBe(phrase);
  await clickTestId(popup, TID.hideKey);

  await clickTestId(popup, TID.lockNow);
  await waitVisible(popup, byTestId(TID.unlock));
  expect((await callWorker(walletPage, 'wallet.status', {})).state).toBe('locked');

  await fillTestId(popup, TID.password, 'not the password');
  await clickTestId(popup, TID.unlock);
  await expect.poll(() => textNow(popup, error)).toMatch(/password is wrong/i);
  expect((await callWorker(walletPage, 'wallet.status', {})).state).toBe('locked');

  await fillTestId(popup, TID.password, PASSWORD);
  await clickTestId(popup, TID.unlock);
  await waitVisible(popup, byTestId(TID.tabActivity));
  expect(await callWorker(walletPage, 'wallet.status', {})).toMatchObject({ state: 'unlocked', address: status.address });
});

test('Firefox: import a known private key: its address is shown', async ({ firefox, walletPage }) => {
  const popup = await openExtensionPage(firefox, POPUP_PATH);
  await importSecret(popup, '0x1234', PASSWORD);
  await expect.poll(() => textNow(popup, error)).toContain('64 hexadecimal digits');
  await fillTestId(popup, TID.importSecret, KNOWN_KEY);
  await clickTestId(popup, TID.onboardingSubmit);

  await clickTestId(popup, TID.tabAccount);
  await expect.poll(() => textNow(popup, byTestId(TID.accountAddress))).toBe(KNOWN_ADDRESS);
  expect((await callWorker(walletPage, 'wallet.status', {})).address).toBe(KNOWN_ADDRESS);
});

test('Firefox: import a recovery phrase: a bad word is named, the right phrase gives its first account', async ({ firefox, walletPage }) => {
  const popup = await openExtensionPage(firefox, POPUP_PATH);
  await importSecret(popup, KNOWN_PHRASE.replace('junk', 'junkk'), PASSWORD);
  await expect.poll(() => textNow(popup, error)).toContain('word 12');
  await fillTestId(popup, TID.importSecret, KNOWN_PHRASE.replace('junk', 'test'));
  await clickTestId(popup, TID.onboardingSubmit);
  await expect.poll(() => textNow(popup, error)).toContain('does not add up');
  await fillTestId(popup, TID.importSecret, KNOWN_PHRASE);
  await clickTestId(popup, TID.onboardingSubmit);

  await clickTestId(popup, TID.tabAccount);
  await expect.poll(() => textNow(popup, byTestId(TID.accountAddress))).toBe(KNOWN_ADDRESS);
  expect((await callWorker(walletPage, 'wallet.status', {})).address).toBe(KNOWN_ADDRESS);
});
