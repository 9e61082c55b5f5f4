/**
 * `npm test`: the unit suite (Vitest), then a build and the e2e suite (Playwright, the built
 * extension in Chromium), then one closing line with the counts of both.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { findChromium } from './lib/chromium';
import { ensureSystemPackages, type SystemRequirement } from './lib/system-packages';

const REPORTS = 'reports';
const UNIT_JSON = `${REPORTS}/vitest.json`;
const E2E_JSON = `${REPORTS}/e2e.json`;

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
const postgres: SystemRequirement = {
  purpose: 'the two-vendors-on-one-PostgreSQL test',
  debianPackage: 'postgresql',
  present: () =>
    Boolean(process.env.DATABASE_URL) ||
    (existsSync('/usr/lib/postgresql') && readdirSync('/usr/lib/postgresql').some((v) => existsSync(`/usr/lib/postgresql/${v}/bin/initdb`))),
};
// Browsers are required: without one the e2e suite cannot say anything, so stop at once.
const missingBrowser = onlyUnit ? undefined : ensureSystemPackages([chromium]);
if (missingBrowser) {
  console.error(`npm test: ${missingBrowser}, or set CHROMIUM_PATH.`);
  process.exit(1);
}
// PostgreSQL is optional: its test skips, saying so, when the binaries are absent.
const missingPostgres = ensureSystemPackages([postgres]);
if (missingPostgres) console.log(`npm test: ${missingPostgres}; that test will be skipped.`);
// Built first: unit tests inspect the bundle (no dynamic import in the worker, wrapper size).
const buildStatus = run('npm', ['run', 'build', '--silent']);
const unitStatus = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${UNIT_JSON}`]);
let e2eStatus = buildStatus;
if (!onlyUnit && buildStatus === 0) {
  e2eStatus = run('npx', ['playwright', 'test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: E2E_JSON });
}

const unit = readJson(UNIT_JSON);
const e2e = readJson(E2E_JSON)?.stats as Record<string, number> | undefined;
const passed = Number(unit?.numPassedTests ?? 0) + (e2e ? e2e.expected! + e2e.flaky! : 0);
const failed = Number(unit?.numFailedTests ?? 0) + (e2e ? e2e.unexpected! : 0);
const skipped = Number(unit?.numPendingTests ?? 0) + Number(unit?.numTodoTests ?? 0) + (e2e ? e2e.skipped! : 0);
const status = buildStatus !== 0 || unitStatus !== 0 || e2eStatus !== 0 || failed > 0 ? 1 : 0;

console.log(`\nunit: ${unit?.numPassedTests ?? 0} passed, ${unit?.numFailedTests ?? 0} failed`);
if (!onlyUnit) console.log(`e2e: ${e2e ? e2e.expected! + e2e.flaky! : 0} passed, ${e2e?.unexpected ?? 0} failed`);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(status);
