import type { Locator, Page } from '@playwright/test';
import { TID } from '../../src/popup/testids';

/** The unlocked popup: tabs and banners above every screen. */
export class MainPage {
  readonly activityTab: Locator;
  readonly vendorsTab: Locator;
  readonly accountTab: Locator;
  readonly approvalsNotice: Locator;
  readonly pausedBanner: Locator;

  constructor(readonly page: Page) {
    this.activityTab = page.getByTestId(TID.tabActivity);
    this.vendorsTab = page.getByTestId(TID.tabVendors);
    this.accountTab = page.getByTestId(TID.tabAccount);
    this.approvalsNotice = page.getByTestId(TID.approvalsNotice);
    this.pausedBanner = page.getByTestId(TID.pausedBanner);
  }
}
