import type { Locator, Page } from '@playwright/test';
import { TID } from '../../src/popup/testids';

export class AccountPage {
  readonly address: Locator;
  readonly lockNowButton: Locator;
  readonly pauseSwitch: Locator;

  constructor(readonly page: Page) {
    this.address = page.getByTestId(TID.accountAddress);
    this.lockNowButton = page.getByTestId(TID.lockNow);
    this.pauseSwitch = page.getByTestId(TID.pauseSwitch);
  }

  async open(): Promise<this> {
    await this.page.getByTestId(TID.tabAccount).click();
    return this;
  }

  async lockNow(): Promise<void> {
    await this.lockNowButton.click();
  }
}
