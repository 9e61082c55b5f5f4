/**
 * Builds the preview harness and photographs every popup screen at 360×600 into
 * test-results/popup-preview/. Run: npx tsx src/popup/dev/screenshots.ts
 */
import { chromium, type Page } from '@playwright/test';
import react from '@vitejs/plugin-react';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve } from 'node:path';
import { build } from 'vite';
import { CHROMIUM_QUIET_FLAGS, findChromium } from '../../../scripts/lib/chromium';

const OUT = resolve('test-results/popup-preview');
const SITE = join(OUT, 'site');

type Step = (page: Page) => Promise<void>;
const shots: { name: string; scenario: string; steps?: Step }[] = [
  { name: '01-onboarding', scenario: 'onboarding' },
  {
    name: '02-onboarding-create',
    scenario: 'onboarding',
    steps: async (page) => {
      await page.getByTestId('onboarding-create').click();
      await page.getByTestId('password').fill('Tr0ub4dor&3');
      await page.getByTestId('password-confirm').fill('Tr0ub4dor');
    },
  },
  {
    name: '03-onboarding-import-error',
    scenario: 'onboarding',
    steps: async (page) => {
      await page.getByTestId('onboarding-import').click();
      await page.getByTestId('private-key').fill('0x1234');
      await page.getByTestId('onboarding-submit').click();
    },
  },
  { name: '04-unlock', scenario: 'unlock' },
  {
    name: '05-unlock-wrong-password',
    scenario: 'unlock',
    steps: async (page) => {
      await page.getByTestId('password').fill('nope nope');
      await page.getByTestId('unlock').click();
      await page.getByTestId('form-error').waitFor();
    },
  },
  { name: '06-activity', scenario: 'activity', steps: async (page) => void (await page.getByTestId('tx-row').first().waitFor()) },
  {
    name: '07-activity-details',
    scenario: 'activity',
    steps: async (page) => {
      await page.getByTestId('tx-row').nth(3).click();
      await page.getByTestId('tx-details').waitFor();
    },
  },
  {
    name: '08-activity-filtered-custom',
    scenario: 'activity',
    steps: async (page) => {
      await page.getByTestId('filter-status').selectOption('error');
      await page.getByTestId('filter-time').selectOption('custom');
      await page.getByTestId('tx-row').first().waitFor();
    },
  },
  { name: '09-activity-empty', scenario: 'activity-empty', steps: async (page) => void (await page.getByTestId('tx-empty').waitFor()) },
  { name: '10-paused-pending', scenario: 'paused', steps: async (page) => void (await page.getByTestId('tx-row').first().waitFor()) },
  { name: '11-vendors', scenario: 'vendors', steps: async (page) => void (await page.getByTestId('tab-vendors').click()) },
  {
    name: '12-vendors-edit',
    scenario: 'vendors-edit',
    steps: async (page) => {
      await page.getByTestId('tab-vendors').click();
      await page.getByTestId('vendor-edit').first().click();
      await page.getByTestId('budget-input').fill('0.0000001');
      await page.getByTestId('vendor-save').click();
    },
  },
  { name: '13-vendors-empty', scenario: 'vendors-empty', steps: async (page) => void (await page.getByTestId('tab-vendors').click()) },
  { name: '14-account', scenario: 'account', steps: async (page) => void (await page.getByTestId('tab-account').click()) },
  {
    name: '15-account-key',
    scenario: 'account',
    steps: async (page) => {
      await page.getByTestId('tab-account').click();
      await page.getByRole('button', { name: 'Export private key…' }).click();
      await page.getByTestId('export-key-password').fill('correct horse');
      await page.getByTestId('export-key-submit').click();
      await page.getByTestId('private-key-revealed').waitFor();
    },
  },
  { name: '16-approval', scenario: 'approval', steps: async (page) => void (await page.getByTestId('approve').waitFor()) },
];

const MIME: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

async function main() {
  await build({
    configFile: false,
    root: resolve('src/popup/dev'),
    base: './',
    logLevel: 'warn',
    plugins: [react()],
    build: { outDir: SITE, emptyOutDir: true, target: 'es2022', rolldownOptions: { input: resolve('src/popup/dev/preview.html') } },
  });
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    try {
      const body = await readFile(join(SITE, path === '/' ? 'preview.html' : path));
      res.writeHead(200, { 'content-type': MIME[extname(path)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  const browser = await chromium.launch({ executablePath: findChromium(), headless: true, args: ['--no-sandbox', ...CHROMIUM_QUIET_FLAGS] });
  try {
    for (const shot of shots) {
      const page = await browser.newPage({ viewport: { width: 360, height: 600 } });
      page.on('pageerror', (error) => console.error(`[${shot.name}] page error:`, error.message));
      await page.goto(`http://127.0.0.1:${port}/preview.html?scenario=${shot.scenario}`);
      await page.locator('#root > *').first().waitFor();
      await shot.steps?.(page);
      await page.waitForTimeout(150);
      await page.screenshot({ path: join(OUT, `${shot.name}.png`) });
      await page.close();
      console.log(`saved ${shot.name}.png`);
    }
  } finally {
    await browser.close();
    server.close();
  }
}

await main();
