import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';

export const SCREENS_DIR = 'test-results/screens';

/** Saves a screenshot of one screen for the record (test-results/screens/<name>.png); pages may ask for all of it. */
export async function saveScreen(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  mkdirSync(SCREENS_DIR, { recursive: true });
  await page.screenshot({ path: `${SCREENS_DIR}/${name}.png`, fullPage: options.fullPage ?? false });
}
