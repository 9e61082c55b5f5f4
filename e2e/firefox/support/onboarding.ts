import type { Page } from 'puppeteer-core';
import { TID } from '../../../src/popup/testids';
import { byTestId, clickTestId, fillTestId, typeTestId } from './firefox';

// e2e/pages/OnboardingPage.ts for puppeteer's Firefox pages: the same steps, the same test ids.

async function fillPasswords(page: Page, password: string): Promise<void> {
  await fillTestId(page, TID.password, password);
  await fillTestId(page, TID.passwordConfirm, password);
}

/** The phrase on the phrase screen, words in order, once it shows. */
export async function shownPhrase(page: Page): Promise<string> {
  await page.waitForSelector(byTestId(TID.phraseWord));
  const words = await page.$eval(byTestId(TID.phraseWords), (list) => [...list.querySelectorAll('li')].map((li) => li.lastChild?.textContent ?? ''));
  return words.join(' ');
}

/** Create, a password, up to the phrase screen: returns the phrase as shown. */
export async function startCreate(page: Page, password: string): Promise<string> {
  await clickTestId(page, TID.onboardingCreate);
  await fillPasswords(page, password);
  await clickTestId(page, TID.onboardingSubmit);
  return shownPhrase(page);
}

/** Says the phrase is written down and moves to the confirm step. */
export async function toConfirm(page: Page): Promise<void> {
  await clickTestId(page, TID.phraseSaved);
  await clickTestId(page, TID.phraseContinue);
  await page.waitForSelector(byTestId(TID.confirmWord));
}

/** Types the asked words of `phrase` (or what `pick` returns for a word and its position) and submits. */
export async function confirmPhrase(page: Page, phrase: string, pick: (word: string, position: number) => string = (word) => word): Promise<void> {
  const words = phrase.split(' ');
  for (const input of await page.$$(byTestId(TID.confirmWord))) {
    const position = Number(await input.evaluate((element) => element.getAttribute('data-position')));
    await input.evaluate((element) => (element as HTMLInputElement).select());
    await input.type(pick(words[position]!, position));
  }
  await clickTestId(page, TID.confirmSubmit);
}

/** Imports a recovery phrase or a private key (the same box takes either). */
export async function importSecret(page: Page, secret: string, password: string): Promise<void> {
  await clickTestId(page, TID.onboardingImport);
  await typeTestId(page, TID.importSecret, secret);
  await fillPasswords(page, password);
  await clickTestId(page, TID.onboardingSubmit);
}
