import type { Locator, Page } from '@playwright/test';
import { TID } from '../../src/popup/testids';

/** The popup's Funds tab: balances, deposit and withdrawal, subscriptions, transactions. */
export class FundsPage {
  readonly tokenBalance: Locator;
  readonly collateral: Locator;
  readonly thawing: Locator;
  readonly thawLeft: Locator;
  readonly txRows: Locator;
  readonly subscriptions: Locator;

  constructor(readonly page: Page) {
    this.tokenBalance = page.getByTestId(TID.fundsTokenBalance);
    this.collateral = page.getByTestId(TID.fundsCollateral);
    this.thawing = page.getByTestId(TID.fundsThawing);
    this.thawLeft = page.getByTestId(TID.fundsThawLeft);
    this.txRows = page.getByTestId(TID.chainTxRow);
    this.subscriptions = page.getByTestId(TID.subscriptionRow);
  }

  async open(): Promise<this> {
    await this.page.getByTestId(TID.tabFunds).click();
    await this.tokenBalance.waitFor();
    return this;
  }

  tx(kind: string, status: 'pending' | 'mined' | 'failed'): Locator {
    return this.page.locator(`[data-testid="${TID.chainTxRow}"][data-kind="${kind}"][data-status="${status}"]`);
  }

  async deposit(amount: string): Promise<void> {
    await this.page.getByTestId(TID.depositInput).fill(amount);
    await this.page.getByTestId(TID.depositSubmit).click();
  }

  async requestWithdrawal(amount: string): Promise<void> {
    await this.page.getByTestId(TID.withdrawRequestInput).fill(amount);
    await this.page.getByTestId(TID.withdrawRequestSubmit).click();
  }

  async withdraw(): Promise<void> {
    await this.page.getByTestId(TID.withdrawSubmit).click();
  }

  async refresh(): Promise<void> {
    await this.page.getByTestId(TID.fundsRefresh).click();
  }
}

/** The Network card under Account. */
export class NetworkCard {
  readonly card: Locator;

  constructor(readonly page: Page) {
    this.card = page.getByTestId(TID.networkCard);
  }

  async open(): Promise<this> {
    await this.page.getByTestId(TID.tabAccount).click();
    await this.card.getByTestId(TID.networkEdit).waitFor();
    return this;
  }

  /** Opens the form and types an RPC URL; `save()` sends it. */
  async editRpcUrl(rpcUrl: string): Promise<void> {
    await this.card.getByTestId(TID.networkEdit).click();
    await this.card.getByTestId(TID.networkRpc).fill(rpcUrl);
  }

  async save(): Promise<void> {
    await this.card.getByTestId(TID.networkSave).click();
  }
}
