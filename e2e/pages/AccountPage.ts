import type { Locator, Page } from '@playwright/test';
import { TID } from '../../src/popup/testids';

export class AccountPage {
  readonly address: Locator;
  readonly lockNowButton: Locator;
  readonly pauseSwitch: Locator;
  readonly revealedPhrase: Locator;
  readonly revealedKey: Locator;

  constructor(readonly page: Page) {
    this.address = page.getByTestId(TID.accountAddress);
    this.lockNowButton = page.getByTestId(TID.lockNow);
    this.pauseSwitch = page.getByTestId(TID.pauseSwitch);
    this.revealedPhrase = page.getByTestId(TID.phraseRevealed);
    this.revealedKey = page.getByTestId(TID.privateKeyRevealed);
  }

  async open(): Promise<this> {
    await this.page.getByTestId(TID.tabAccount).click();
    return this;
  }

  /** Opens the export form, types the password again and shows the phrase (if any) and key. */
  async revealSecret(password: string): Promise<void> {
    await this.page.getByTestId(TID.exportKeyOpen).click();
    await this.page.getByTestId(TID.exportKeyPassword).fill(password);
    await this.page.getByTestId(TID.exportKeySubmit).click();
    await this.revealedKey.waitFor();
  }

  /** The revealed phrase's words in order, as one string. */
  async revealedPhraseWords(): Promise<string> {
    const words = await this.revealedPhrase.locator('li').evaluateAll((items) => items.map((li) => li.lastChild?.textContent ?? ''));
    return words.join(' ');
  }

  async hideSecret(): Promise<void> {
    await this.page.getByTestId(TID.hideKey).click();
  }

  async lockNow(): Promise<void> {
    await this.lockNowButton.click();
  }
}
