import type { Locator, Page } from '@playwright/test';
import { TID } from '../../src/popup/testids';

/** First run: create a wallet or import a key, with a password. */
export class OnboardingPage {
  readonly createButton: Locator;
  readonly importButton: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.createButton = page.getByTestId(TID.onboardingCreate);
    this.importButton = page.getByTestId(TID.onboardingImport);
    this.error = page.getByTestId(TID.formError);
  }

  async create(password: string): Promise<void> {
    await this.createButton.click();
    await this.fillPasswords(password);
    await this.page.getByTestId(TID.onboardingSubmit).click();
  }

  async importKey(privateKey: string, password: string): Promise<void> {
    await this.importButton.click();
    await this.page.getByTestId(TID.privateKey).fill(privateKey);
    await this.fillPasswords(password);
    await this.page.getByTestId(TID.onboardingSubmit).click();
  }

  private async fillPasswords(password: string): Promise<void> {
    await this.page.getByTestId(TID.password).fill(password);
    await this.page.getByTestId(TID.passwordConfirm).fill(password);
  }
}
