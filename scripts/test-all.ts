/**
 * `npm test`: both builds (dist/ for Chromium, dist-firefox/ for Firefox), the unit suite (Vitest),
 * `web-ext lint` on the Firefox build, the e2e suite on Chromium (Playwright), the Firefox e2e
 * suite (firefox-esr driven by puppeteer-core, hosted by Playwright's runner), then one closing
 * line with the counts of all of them.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { findChromium } from './lib/chromium';
import { findFirefox } from './lib/firefox';
import { lintFirefoxBuild } from './lib/web-ext-lint';
import { ensureSystemPackages, type SystemRequirement } from './lib/system-packages';

const REPORTS = 'reports';
const UNIT_JSON = `${REPORTS}/vitest.json`;
const E2E_JSON = `${REPORTS}/e2e.json`;
const E2E_FIREFOX_JSON = `${REPORTS}/e2e-firefox.json`;

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): number {
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status ?? 1;
}

function readJson(path: string): Record<string, unknown> | undefined {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>) : undefined;
}

mkdirSync(REPORTS, { recursive: true });
rmSync(UNIT_JSON, { force: true });
rmSync(E2E_JSON, { force: true });
rmSync(E2E_FIREFOX_JSON, { force: true });

const onlyUnit = process.argv.includes('--unit');

const chromium: SystemRequirement = {
  purpose: 'the e2e suite (Chromium)',
  debianPackage: 'chromium',
  present: () => {
    try {
      findChromium();
      return true;
    } catch {
      return false;
    }
  },
};
const firefox: SystemRequirement = {
  purpose: 'the Firefox e2e suite',
  debianPackage: 'firefox-esr',
  present: () => {
    try {
      findFirefox();
      return true;
    } catch {
      return false;
    }
  },
};
const postgres: SystemRequirement = {
  purpose: 'the two-vendors-on-one-PostgreSQL test',
  debianPackage: 'postgresql',
  present: () =>
    Boolean(process.env.DATABASE_URL) ||
    (existsSync('/usr/lib/postgresql') && readdirSync('/usr/lib/postgresql').some((v) => existsSync(`/usr/lib/postgresql/${v}/bin/initdb`))),
};
// Browsers are required: without one the e2e suite cannot say anything, so stop at once.
const missingBrowser = onlyUnit ? undefined : ensureSystemPackages([chromium, firefox]);
if (missingBrowser) {
  console.error(`npm test: ${missingBrowser}, or set CHROMIUM_PATH / FIREFOX_PATH.`);
  process.exit(1);
}
// PostgreSQL is optional: its test skips, saying so, when the binaries are absent.
const missingPostgres = ensureSystemPackages([postgres]);
if (missingPostgres) console.log(`npm test: ${missingPostgres}; that test will be skipped.`);
// Built first: unit tests inspect the bundles (no dynamic import in the worker, wrapper size, the
// Firefox build being the same code).
const buildStatus = run('npm', ['run', 'build', '--silent']) || run('npm', ['run', 'build:firefox', '--silent']);
const unitStatus = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${UNIT_JSON}`]);
let lintPassed: boolean | undefined;
let e2eStatus = buildStatus;
let e2eFirefoxStatus = buildStatus;
if (!onlyUnit && buildStatus === 0) {
  lintPassed = lintFirefoxBuild();
  e2eStatus = run('npx', ['playwright', 'test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: E2E_JSON });
  // Absolute: Playwright resolves a relative report path against the config's folder.
  e2eFirefoxStatus = run('npx', ['playwright', 'test', '-c', 'e2e/firefox/playwright.config.ts', '--reporter=list,json'], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: resolve(E2E_FIREFOX_JSON),
  });
}

type PlaywrightStats = Record<'expected' | 'flaky' | 'unexpected' | 'skipped', number>;
const unit = readJson(UNIT_JSON);
const e2e = readJson(E2E_JSON)?.stats as PlaywrightStats | undefined;
const e2eFirefox = readJson(E2E_FIREFOX_JSON)?.stats as PlaywrightStats | undefined;
const e2ePassed = (stats: PlaywrightStats | undefined) => (stats ? stats.expected + stats.flaky : 0);
const lint = { passed: lintPassed === true ? 1 : 0, failed: lintPassed === false ? 1 : 0 };
const passed = Number(unit?.numPassedTests ?? 0) + e2ePassed(e2e) + e2ePassed(e2eFirefox) + lint.passed;
const failed = Number(unit?.numFailedTests ?? 0) + (e2e?.unexpected ?? 0) + (e2eFirefox?.unexpected ?? 0) + lint.failed;
const skipped =
  Number(unit?.numPendingTests ?? 0) + Number(unit?.numTodoTests ?? 0) + (e2e?.skipped ?? 0) + (e2eFirefox?.skipped ?? 0);
// A suite that ran but left no report cannot be counted: that fails the run rather than shrinking the line.
const missingReport = !onlyUnit && buildStatus === 0 && (!e2e || !e2eFirefox);
if (missingReport) console.error(`npm test: no e2e report in ${!e2e ? E2E_JSON : E2E_FIREFOX_JSON}`);
const status =
  buildStatus !== 0 || unitStatus !== 0 || e2eStatus !== 0 || e2eFirefoxStatus !== 0 || failed > 0 || missingReport ? 1 : 0;

console.log(`\nunit: ${unit?.numPassedTests ?? 0} passed, ${unit?.numFailedTests ?? 0} failed`);
if (!onlyUnit) {
  console.log(`web-ext lint (Firefox build): ${lint.passed} passed, ${lint.failed} failed`);
  console.log(`e2e Chromium: ${e2ePassed(e2e)} passed, ${e2e?.unexpected ?? 0} failed`);
  console.log(`e2e Firefox: ${e2ePassed(e2eFirefox)} passed, ${e2eFirefox?.unexpected ?? 0} failed`);
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(status);
