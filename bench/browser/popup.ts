import type { Page } from '@playwright/test';
import { TRANSACTIONS_DB_NAME } from '../../src/messaging/names';
import { row, scaled } from '../stats';
import type { BenchRow } from '../types';
import { popupUrl, type Browsers } from './browsers';
import type { PageBundles } from './bundle';

/**
 * Popup time to first rows: the built popup page opened in a tab of the extension profile
 * (wallet unlocked), timed inside the page from navigation start (performance.now()) to the
 * first transaction row in the DOM, seen by a MutationObserver installed before the page's own
 * scripts. The store is seeded first with the bundled store code in an extension page, into
 * the database the popup reads.
 */
const RUNS = scaled(9, 3);
const RECORDS = scaled(100_000, 10_000);
const SELECTORS = { rendered: '#root > *', main: '[data-testid="tab-activity"]', row: '[data-testid="tx-row"]' };

/** Runs before the page's scripts: notes when the first render, the main screen and the first row appear. */
function watchFirstRow(selectors: { rendered: string; main: string; row: string }): void {
  const state = window as unknown as { renderedAt?: number; mainAt?: number; firstRowAt?: number };
  new MutationObserver((_records, observer) => {
    const now = performance.now();
    if (state.renderedAt === undefined && document.querySelector(selectors.rendered)) state.renderedAt = now;
    if (state.mainAt === undefined && document.querySelector(selectors.main)) state.mainAt = now;
    if (document.querySelector(selectors.row)) {
      state.firstRowAt = now;
      observer.disconnect();
    }
  }).observe(document, { subtree: true, childList: true });
}

export async function seedPopupStore(control: Page, bundles: PageBundles, count: number): Promise<void> {
  await control.evaluate(bundles.store);
  await control.evaluate(
    async ({ name, count }) => {
      const kit = (window as unknown as { benchStore: { openStore(n: string, c: null, m: number): { close(): Promise<void> }; seed(s: unknown, a: number, c: number, n: number): Promise<number> } }).benchStore;
      const store = kit.openStore(name, null, 250_000);
      await kit.seed(store, 0, count, Date.now());
      await store.close();
    },
    { name: TRANSACTIONS_DB_NAME, count },
  );
}

export async function benchPopup(browsers: Browsers, control: Page, bundles: PageBundles): Promise<BenchRow[]> {
  await seedPopupStore(control, bundles, RECORDS);
  const rendered: number[] = [];
  const main: number[] = [];
  const samples: number[] = [];
  for (let run = 0; run < RUNS + 1; run++) {
    const page = await browsers.withExtension.newPage();
    await page.addInitScript(watchFirstRow, SELECTORS);
    await page.goto(popupUrl(browsers.extensionId));
    await page.waitForFunction(() => (window as unknown as { firstRowAt?: number }).firstRowAt !== undefined, null, { timeout: 30_000 });
    const times = await page.evaluate(() => {
      const state = window as unknown as { renderedAt: number; mainAt: number; firstRowAt: number };
      return { renderedAt: state.renderedAt, mainAt: state.mainAt, firstRowAt: state.firstRowAt };
    });
    // The first open warms Chromium's code cache, as any installed popup has.
    if (run > 0) {
      rendered.push(times.renderedAt);
      main.push(times.mainAt);
      samples.push(times.firstRowAt);
    }
    await page.close();
  }
  return [
    row('popup: navigation start → first render (loading view)', 'ms', rendered),
    row('popup: navigation start → main screen (wallet status answered)', 'ms', main),
    row(`popup: navigation start → first transaction row, ${RECORDS.toLocaleString('en-US')} records`, 'ms', samples),
  ];
}
