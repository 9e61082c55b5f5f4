import type { Locator, Page } from '@playwright/test';
import { TID } from '../../src/popup/testids';

/** First run: create a wallet (phrase shown, then confirmed) or import a phrase or key, with a password. */
export class OnboardingPage {
  readonly createButton: Locator;
  readonly importButton: Locator;
  readonly error: Locator;
  readonly phraseWords: Locator;
  readonly confirmWords: Locator;

  constructor(readonly page: Page) {
    this.createButton = page.getByTestId(TID.onboardingCreate);
    this.importButton = page.getByTestId(TID.onboardingImport);
    this.error = page.getByTestId(TID.formError);
    this.phraseWords = page.getByTestId(TID.phraseWord);
    this.confirmWords = page.getByTestId(TID.confirmWord);
  }

  /** Up to the phrase screen: returns the phrase as shown (words in order). */
  async startCreate(password: string): Promise<string> {
    await this.createButton.click();
    await this.fillPasswords(password);
    await this.page.getByTestId(TID.onboardingSubmit).click();
    return this.shownPhrase();
  }

  /** The phrase on the phrase screen, words in order. */
  async shownPhrase(): Promise<string> {
    await this.phraseWords.first().waitFor();
    const words = await this.page.getByTestId(TID.phraseWords).evaluate((list) =>
      [...list.querySelectorAll('li')].map((li) => li.lastChild?.textContent ?? ''),
    );
    return words.join(' ');
  }

  /** Says the phrase is written down and moves to the confirm step. */
  async toConfirm(): Promise<void> {
    await this.page.getByTestId(TID.phraseSaved).check();
    await this.page.getByTestId(TID.phraseContinue).click();
    await this.confirmWords.first().waitFor();
  }

  /** Types the asked words of `phrase` (or what `pick` returns for a position) and submits. */
  async confirm(phrase: string, pick: (word: string, position: number) => string = (word) => word): Promise<void> {
    const words = phrase.split(' ');
    for (const input of await this.confirmWords.all()) {
      const position = Number(await input.getAttribute('data-position'));
      await input.fill(pick(words[position]!, position));
    }
    await this.page.getByTestId(TID.confirmSubmit).click();
  }

  /** The whole create flow; returns the phrase. */
  async create(password: string): Promise<string> {
    const phrase = await this.startCreate(password);
    await this.toConfirm();
    await this.confirm(phrase);
    return phrase;
  }

  /** Imports a recovery phrase or a private key (the same box takes either). */
  async importSecret(secret: string, password: string): Promise<void> {
    await this.importButton.click();
    await this.page.getByTestId(TID.importSecret).fill(secret);
    await this.fillPasswords(password);
    await this.page.getByTestId(TID.onboardingSubmit).click();
  }

  private async fillPasswords(password: string): Promise<void> {
    await this.page.getByTestId(TID.password).fill(password);
    await this.page.getByTestId(TID.passwordConfirm).fill(password);
  }
}
