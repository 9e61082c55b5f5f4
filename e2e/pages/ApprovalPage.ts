import type { Locator, Page } from '@playwright/test';
import { TID } from '../../src/popup/testids';

/** The approval window the worker opens for a first 402 (popup URL + #/approve/<id>). */
export class ApprovalPage {
  readonly screen: Locator;
  readonly vendorOrigin: Locator;
  readonly pageOrigin: Locator;
  readonly budget: Locator;
  readonly voucher: Locator;

  constructor(readonly page: Page) {
    this.screen = page.getByTestId(TID.approvalScreen);
    this.vendorOrigin = page.getByTestId(TID.approvalVendor);
    this.pageOrigin = page.getByTestId(TID.approvalPage);
    this.budget = page.getByTestId(TID.budgetInput);
    this.voucher = page.getByTestId(TID.voucherInput);
  }

  get approvalId(): string {
    return decodeURIComponent(new URL(this.page.url()).hash.replace(/^#\/approve\//, ''));
  }

  /** Approves, optionally with limits typed in whole asset units (e.g. '0.01'). */
  async approve(limits: { budget?: string; voucher?: string } = {}): Promise<void> {
    if (limits.budget !== undefined) await this.budget.fill(limits.budget);
    if (limits.voucher !== undefined) await this.voucher.fill(limits.voucher);
    await this.decide(TID.approve);
  }

  async reject(): Promise<void> {
    await this.decide(TID.reject);
  }

  /** Clicks a decision and waits for the window to close itself, so no later lookup finds it. */
  private async decide(testId: string): Promise<void> {
    const closed = this.page.waitForEvent('close', { timeout: 15_000 });
    // The window may close before the click action reports back: that is the click's success.
    await this.page
      .getByTestId(testId)
      .click()
      .catch((error: unknown) => {
        if (!this.page.isClosed()) throw error;
      });
    await closed;
  }
}
