import type { Page } from 'puppeteer-core';
import { TID } from '../../../src/popup/testids';
import { pageFetch, type PageResponse } from '../../support/flows';
import { clickTestId, fillTestId, pageWhere, POPUP_PATH, waitClosed, type FirefoxWithExtension } from './firefox';

/** The document URLs of every open tab and window (puppeteer reports extension pages as about:blank). */
export async function openUrls(firefox: FirefoxWithExtension): Promise<string[]> {
  const pages = await firefox.browser.pages();
  return Promise.all(pages.map((page) => page.evaluate(() => location.href).catch(() => '')));
}

/** How many approval windows are open now. */
export async function approvalWindows(firefox: FirefoxWithExtension): Promise<number> {
  return (await openUrls(firefox)).filter((url) => url.includes('#/approve/')).length;
}

/** The approval window the worker opens (the popup page at #/approve/<id>), once it shows. */
export async function nextApproval(firefox: FirefoxWithExtension): Promise<Page> {
  const approval = await pageWhere(firefox.browser, (url) => url.startsWith(`${firefox.base}${POPUP_PATH}#/approve/`));
  await approval.waitForSelector(`[data-testid="${TID.approvalScreen}"]`);
  return approval;
}

/** Limits typed into the approval form in whole asset units (e.g. '0.01'); the form's defaults otherwise. */
export interface ApprovalLimits {
  budget?: string;
  voucher?: string;
}

/** Clicks approve (with `limits` typed first) or reject in the approval window and waits for it to close itself. */
export async function decide(approval: Page, decision: 'approve' | 'reject', limits: ApprovalLimits = {}): Promise<void> {
  if (limits.budget !== undefined) await fillTestId(approval, TID.budgetInput, limits.budget);
  if (limits.voucher !== undefined) await fillTestId(approval, TID.voucherInput, limits.voucher);
  await clickTestId(approval, decision === 'approve' ? TID.approve : TID.reject);
  await waitClosed(approval, 'the approval window');
}

/** A first request from `page` to the vendor, approved (with `limits`) in the window it opens; what the page finally receives. */
export async function firstPaidRequest(firefox: FirefoxWithExtension, page: Page, url: string, limits: ApprovalLimits = {}): Promise<PageResponse> {
  const response = pageFetch(page, url);
  await decide(await nextApproval(firefox), 'approve', limits);
  return response;
}
