import type { Page } from 'puppeteer-core';
import { TID } from '../../../src/popup/testids';
import { pageFetch, type PageResponse } from '../../support/flows';
import { clickTestId, pageWhere, POPUP_PATH, waitClosed, type FirefoxWithExtension } from './firefox';

/** The document URLs of every open tab and window (puppeteer reports extension pages as about:blank). */
export async function openUrls(firefox: FirefoxWithExtension): Promise<string[]> {
  const pages = await firefox.browser.pages();
  return Promise.all(pages.map((page) => page.evaluate(() => location.href).catch(() => '')));
}

/** The approval window the worker opens (the popup page at #/approve/<id>), once it shows. */
export async function nextApproval(firefox: FirefoxWithExtension): Promise<Page> {
  const approval = await pageWhere(firefox.browser, (url) => url.startsWith(`${firefox.base}${POPUP_PATH}#/approve/`));
  await approval.waitForSelector(`[data-testid="${TID.approvalScreen}"]`);
  return approval;
}

/** Clicks approve or reject in the approval window and waits for it to close itself. */
export async function decide(approval: Page, decision: 'approve' | 'reject'): Promise<void> {
  await clickTestId(approval, decision === 'approve' ? TID.approve : TID.reject);
  await waitClosed(approval, 'the approval window');
}

/** A first request from `page` to the vendor, approved in the window it opens; what the page finally receives. */
export async function firstPaidRequest(firefox: FirefoxWithExtension, page: Page, url: string): Promise<PageResponse> {
  const response = pageFetch(page, url);
  await decide(await nextApproval(firefox), 'approve');
  return response;
}
