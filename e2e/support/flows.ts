import type { BrowserContext, Page } from '@playwright/test';
import type { Address } from 'viem';
import { ApprovalPage } from '../pages/ApprovalPage';
import { evaluateIn, type AnyPage } from './evaluate';
import { callWorker } from './worker-calls';

export const PASSWORD = 'correct horse battery staple';
/** Anvil's first default account: a well-known key, so its address is known in advance. */
export const KNOWN_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
export const KNOWN_ADDRESS: Address = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';

/** Anvil's default phrase: its first account is KNOWN_KEY. */
export const KNOWN_PHRASE = 'test test test test test test test test test test test junk';

/**
 * Creates an unlocked wallet through the worker, the popup's two steps (new phrase, its asked words
 * typed back): a setup step; onboarding itself is tested in its own spec.
 */
export async function createWallet(walletPage: AnyPage): Promise<Address> {
  const { address, phrase, confirm } = await callWorker(walletPage, 'wallet.create', { password: PASSWORD });
  const words = phrase.split(' ');
  return (await callWorker(walletPage, 'wallet.confirmPhrase', { address, words: confirm.map((position) => words[position]!) })).address;
}

/**
 * A wallet created and the vendor's demo page open: where most scenarios start. `opener` is
 * Playwright's BrowserContext or puppeteer's Browser (both open a tab with newPage, both go to a URL
 * with page.goto).
 */
export async function walletOnDemoPage<P extends AnyPage>(
  opener: { newPage(): Promise<P> },
  walletPage: AnyPage,
  vendorUrl: string,
): Promise<{ address: Address; demo: P }> {
  const address = await createWallet(walletPage);
  const demo = await opener.newPage();
  await (demo as Page).goto(vendorUrl);
  return { address, demo };
}

export interface PageResponse {
  status: number;
  body: string;
  /** The x-voucher-receipt header as the page reads it: always null, the worker's rule removes it. */
  receiptHeader: string | null;
  /** The header as the page sees it; must never be visible for requests it did not send itself. */
  contentType: string | null;
}

/** fetch() as the page's own script calls it (page.evaluate runs in the main world, wrapped fetch included). */
/** The serialisable part of RequestInit a test passes into the page. */
export interface PageInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

export async function pageFetch(page: AnyPage, url: string, init: PageInit = {}): Promise<PageResponse> {
  return evaluateIn(
    page,
    async ({ url, init }: { url: string; init: PageInit }) => {
      const response = await fetch(url, init);
      return {
        status: response.status,
        body: await response.text(),
        receiptHeader: response.headers.get('x-voucher-receipt'),
        contentType: response.headers.get('content-type'),
      };
    },
    { url, init },
  );
}

/** The approval window the worker opens (a new page at the popup URL with #/approve/<id>). */
export async function nextApproval(context: BrowserContext): Promise<ApprovalPage> {
  const existing = context.pages().find((page) => !page.isClosed() && page.url().includes('#/approve/'));
  const page =
    existing ?? (await context.waitForEvent('page', { predicate: (p) => p.url().includes('#/approve/'), timeout: 15_000 }));
  const approval = new ApprovalPage(page);
  await approval.screen.waitFor();
  return approval;
}

/**
 * A first request from `page` to the vendor: it waits on the approval window, which is approved
 * with `limits`; returns what the page finally receives.
 */
export async function firstPaidRequest(
  context: BrowserContext,
  page: Page,
  url: string,
  limits: { budget?: string; voucher?: string } = {},
): Promise<PageResponse> {
  const response = pageFetch(page, url);
  const approval = await nextApproval(context);
  await approval.approve(limits);
  return response;
}
