import type { Download, Locator, Page } from '@playwright/test';
import { TID } from '../../src/popup/testids';

/** The history list: rows, filters, paging, details and export. */
export class ActivityPage {
  readonly rows: Locator;
  readonly empty: Locator;
  readonly pageInfo: Locator;
  readonly next: Locator;
  readonly prev: Locator;
  readonly details: Locator;
  readonly statusFilter: Locator;
  readonly protocolFilter: Locator;

  constructor(readonly page: Page) {
    this.rows = page.getByTestId(TID.txRow);
    this.empty = page.getByTestId(TID.txEmpty);
    this.pageInfo = page.getByTestId(TID.pageInfo);
    this.next = page.getByTestId(TID.pageNext);
    this.prev = page.getByTestId(TID.pagePrev);
    this.details = page.getByTestId(TID.txDetails);
    this.statusFilter = page.getByTestId(TID.filterStatus);
    this.protocolFilter = page.getByTestId(TID.filterProtocol);
  }

  async open(): Promise<this> {
    await this.page.getByTestId(TID.tabActivity).click();
    return this;
  }

  row(clientTxRef: string): Locator {
    return this.page.locator(`[data-testid="${TID.txRow}"][data-tx="${clientTxRef}"]`);
  }

  statusOf(row: Locator): Locator {
    return row.getByTestId(TID.txStatus);
  }

  costOf(row: Locator): Locator {
    return row.getByTestId(TID.txCost);
  }

  async statuses(): Promise<string[]> {
    return this.page.getByTestId(TID.txStatus).evaluateAll((pills) => pills.map((pill) => pill.getAttribute('data-status') ?? ''));
  }

  async openDetails(row: Locator): Promise<Locator> {
    await row.click();
    return this.details;
  }

  async closeDetails(): Promise<void> {
    await this.page.getByTestId(TID.txDetailsClose).click();
  }

  async exportCsv(): Promise<Download> {
    const download = this.page.waitForEvent('download');
    await this.page.getByTestId(TID.exportCsv).click();
    return download;
  }
}
