import type { BrowserContext, Page } from '@playwright/test';
import { askWorker, popupUrl } from './browsers';

/** Budget and voucher size the benchmark approves: far more than a run spends, so no top-up interferes. */
export const BENCH_BUDGET_ATOMS = 50_000_000n;
export const BENCH_VOUCHER_ATOMS = 1_000_000n;

/** Creates the wallet (the vault's real PBKDF2 path) and returns an extension page to talk to the worker from. */
export async function createWallet(context: BrowserContext, extensionId: string): Promise<Page> {
  const control = await context.newPage();
  await control.goto(popupUrl(extensionId));
  const { address, phrase, confirm } = await askWorker(control, 'wallet.create', { password: 'bench password, not a secret' });
  const words = phrase.split(' ');
  await askWorker(control, 'wallet.confirmPhrase', { address, words: confirm.map((position) => words[position]!) });
  return control;
}

async function pendingFor(control: Page, vendorOrigin: string, pageOrigin: string): Promise<string> {
  const until = Date.now() + 20_000;
  while (Date.now() < until) {
    const found = (await askWorker(control, 'approvals.list', {})).find(
      (entry) => entry.vendorOrigin === vendorOrigin && entry.pageOrigin === pageOrigin,
    );
    if (found) return found.id;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no approval request appeared for ${vendorOrigin}`);
}

/**
 * Approves `vendorUrl` for pages of `pageUrl`'s origin the way a user does: a page's request is
 * answered 402, the worker opens its approval request, and it is approved with the bench budget.
 * With `signFirstVoucher` false the asking page is closed before the decision, so the vendor ends
 * up approved with no voucher signed yet: the next request from a page takes the whole
 * 402 → voucher → retry path.
 */
export async function approveVendor(
  context: BrowserContext,
  control: Page,
  pageUrl: string,
  vendorUrl: string,
  signFirstVoucher: boolean,
): Promise<void> {
  const page = await context.newPage();
  await page.goto(pageUrl);
  await page.evaluate((url) => {
    (window as unknown as { firstPaid: Promise<number> }).firstPaid = fetch(url).then(async (response) => {
      await response.arrayBuffer();
      return response.status;
    });
  }, `${vendorUrl}/api/echo?q=approve`);
  const id = await pendingFor(control, new URL(vendorUrl).origin, new URL(pageUrl).origin);
  if (!signFirstVoucher) await page.close();
  await askWorker(control, 'approvals.decide', { id, approve: true, budgetAtoms: BENCH_BUDGET_ATOMS, maxVoucherAtoms: BENCH_VOUCHER_ATOMS });
  if (signFirstVoucher) {
    const status = await page.evaluate(() => (window as unknown as { firstPaid: Promise<number> }).firstPaid);
    if (status !== 200) throw new Error(`the approved request was answered ${status}`);
    await page.close();
  }
}
