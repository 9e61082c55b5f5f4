import type { Locator, Page } from '@playwright/test';
import { TID } from '../../src/popup/testids';

export class UnlockPage {
  readonly password: Locator;
  readonly submit: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.password = page.getByTestId(TID.password);
    this.submit = page.getByTestId(TID.unlock);
    this.error = page.getByTestId(TID.formError);
  }

  async unlock(password: string): Promise<void> {
    await this.password.fill(password);
    await this.submit.click();
  }
}
