import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';

export const SCREENS_DIR = 'test-results/screens';

/** Saves a screenshot of one popup screen for the record (test-results/screens/<name>.png). */
export async function saveScreen(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENS_DIR, { recursive: true });
  await page.screenshot({ path: `${SCREENS_DIR}/${name}.png` });
}
