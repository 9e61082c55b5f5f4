import { defineConfig } from '@playwright/test';

/**
 * The Firefox suite: Playwright's runner hosts it (fixtures, timeouts, the JSON report npm test
 * counts), puppeteer-core drives firefox-esr over WebDriver BiDi with dist-firefox/ installed.
 * Playwright's own Firefox is a patched build that cannot load an extension, hence puppeteer.
 */
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.firefox.ts',
  outputDir: '../../test-results/e2e-firefox-artifacts',
  // One Firefox at a time: a launch is heavy and the machine has two cores.
  workers: 1,
  fullyParallel: false,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  retries: 0,
  reporter: [['list']],
});
