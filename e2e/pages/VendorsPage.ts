import type { Locator, Page } from '@playwright/test';
import { TID } from '../../src/popup/testids';

export class VendorsPage {
  readonly cards: Locator;
  readonly empty: Locator;

  constructor(readonly page: Page) {
    this.cards = page.getByTestId(TID.vendorCard);
    this.empty = page.getByTestId(TID.vendorsEmpty);
  }

  async open(): Promise<this> {
    await this.page.getByTestId(TID.tabVendors).click();
    return this;
  }

  card(vendorAddress: string): Locator {
    return this.page.locator(`[data-testid="${TID.vendorCard}"][data-vendor="${vendorAddress}"]`);
  }

  async revoke(vendorAddress: string): Promise<void> {
    const card = this.card(vendorAddress);
    await card.getByTestId(TID.vendorRevoke).click();
    await card.getByTestId(TID.vendorRevokeConfirm).click();
  }
}
