import { writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { benchChain } from './chain';
import { benchEngine } from './engine';
import { benchStorage } from './storage';
import { benchVendor } from './vendor';
import { bundleSizes } from './browser/bundle-sizes';
import { buildPageBundles } from './browser/bundle';
import { chromiumVersion, launchBrowsers } from './browser/browsers';
import { benchIdbStore } from './browser/idb-store';
import { benchOverhead } from './browser/overhead';
import { benchPopup } from './browser/popup';
import { startStaticServer } from './browser/static-server';
import { createWallet } from './browser/wallet';
import { QUICK, formatFigure, printRows } from './stats';
import type { BenchRow } from './types';

/**
 * npm run bench: every benchmark in one run, written to bench/results.json and printed as a
 * table; BENCH_QUICK=1 for a fast smoke run. The browser figures need the built extension
 * (npm run build) and Chromium. Targets are reported ("met"), never enforced: no run fails on them.
 */
type Section = 'extension' | 'engine' | 'vendor' | 'chain' | 'store (Chromium IndexedDB)' | 'store (Node, fake-indexeddb)' | 'popup' | 'bundle';

interface ResultRow extends BenchRow {
  section: Section;
}

interface Target {
  /** The row it applies to (exact name). */
  row: string;
  text: string;
  met(value: number): boolean;
}

const TARGETS: Target[] = [
  { row: 'paid via extension / unpaid baseline, per-round medians', text: '≤ 1.05', met: (v) => v <= 1.05 },
  { row: 'paid via extension − unpaid baseline, per-round medians', text: '< 0.5 ms', met: (v) => v < 0.5 },
  { row: 'voucher verification, warm / cold (ratio of medians)', text: '≥ 100×', met: (v) => v >= 100 },
  { row: "voucher verification, a known client's new voucher (verify against the kept key)", text: '≥ 5,000/s', met: (v) => v >= 5_000 },
  { row: "voucher verification, a known client's new voucher, JS curve math (no native package)", text: '≥ 5,000/s', met: (v) => v >= 5_000 },
  { row: 'vendor memory: paid / unpaid throughput', text: '≥ 0.85', met: (v) => v >= 0.85 },
  { row: 'vendor pglite: paid / unpaid throughput', text: '≥ 0.50', met: (v) => v >= 0.5 },
  { row: 'vendor postgres: paid / unpaid throughput, one instance', text: '≥ 0.50', met: (v) => v >= 0.5 },
  { row: 'vendor postgres: two instances / one instance, paid throughput', text: '> 1', met: (v) => v > 1 },
  { row: 'IndexedDB list newest 50 @100,000', text: '< 20 ms', met: (v) => v < 20 },
  { row: 'IndexedDB list status=paid since middle, page 3 of 50 @100,000', text: '< 20 ms', met: (v) => v < 20 },
  { row: 'popup: navigation start → first transaction row, 100,000 records', text: '< 200 ms', met: (v) => v < 200 },
  { row: 'bundle: content script fetch-wrapper.iife.js (MAIN world)', text: '< 5 KB', met: (v) => v < 5 },
];

function tag(section: Section, rows: BenchRow[]): ResultRow[] {
  return rows.map((each) => ({ section, ...each }));
}

async function timedSection<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  process.stderr.write(`bench: ${label}…\n`);
  const result = await work();
  process.stderr.write(`bench: ${label} done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  return result;
}

async function browserRows(): Promise<ResultRow[]> {
  const bundles = await buildPageBundles();
  const site = await startStaticServer(bundles);
  const browsers = await launchBrowsers();
  try {
    const control = await createWallet(browsers.withExtension, browsers.extensionId);
    const overhead = await timedSection('paid request overhead (extension)', () => benchOverhead(browsers, control, site));
    const store = await timedSection('transaction store (Chromium IndexedDB)', () => benchIdbStore(browsers, site));
    const popup = await timedSection('popup first rows', () => benchPopup(browsers, control, bundles));
    return [...tag('extension', overhead), ...tag('store (Chromium IndexedDB)', store), ...tag('popup', popup)];
  } finally {
    await browsers.close();
    await site.close();
  }
}

/** Warm over cold verification, from the engine rows. */
function verificationRatio(engine: BenchRow[]): ResultRow[] {
  const cold = engine.find((each) => each.name.startsWith('voucher verification, cold'));
  const warm = engine.find((each) => each.name.startsWith('voucher verification, warm'));
  if (!cold || !warm) return [];
  return [{ section: 'engine', name: 'voucher verification, warm / cold (ratio of medians)', unit: 'ratio', median: warm.median / cold.median, runs: Math.min(cold.runs, warm.runs) }];
}

function applyTargets(rows: ResultRow[]): void {
  for (const target of TARGETS) {
    const found = rows.find((each) => each.name === target.row);
    if (!found) {
      process.stderr.write(`bench: no row for target "${target.row}" (${QUICK ? 'quick run' : 'missing'})\n`);
      continue;
    }
    found.target = target.text;
    found.met = target.met(found.median);
  }
}

function printTable(rows: ResultRow[]): void {
  printRows(rows, {
    before: (each) => ({ section: each.section }),
    after: (each) => ({ target: each.target ?? '', met: each.met === undefined ? '' : each.met ? 'yes' : 'NO' }),
  });
}

/** The same table as Markdown, for the README's Performance section. */
export function markdownTable(rows: ResultRow[]): string {
  const lines = ['| benchmark | median | p05 | p95 | unit | runs | target | met |', '| --- | ---: | ---: | ---: | --- | ---: | --- | --- |'];
  for (const each of rows) {
    lines.push(
      `| ${each.name.startsWith(`${each.section}:`) ? each.name : `${each.section}: ${each.name}`} | ${formatFigure(each.median)} | ${formatFigure(each.p05)} | ${formatFigure(each.p95)} | ${each.unit} | ${each.runs} | ${each.target ?? ''} | ${each.met === undefined ? '' : each.met ? 'yes' : '**no**'} |`,
    );
  }
  return lines.join('\n');
}

const started = Date.now();
const rows: ResultRow[] = [];
const engine = await timedSection('engine', benchEngine);
rows.push(...tag('engine', engine), ...verificationRatio(engine));
rows.push(...tag('vendor', await timedSection('vendor over HTTP', benchVendor)));
rows.push(...tag('chain', await timedSection('chain (anvil)', benchChain)));
rows.push(...(await timedSection('browser', browserRows)));
if (!QUICK) rows.push(...tag('store (Node, fake-indexeddb)', await timedSection('store (Node, fake-indexeddb)', benchStorage)));
rows.push(...tag('bundle', await bundleSizes()));
applyTargets(rows);

const results = {
  date: new Date(started).toISOString(),
  quick: QUICK,
  durationSeconds: Math.round((Date.now() - started) / 1000),
  machine: {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryGB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    chromium: chromiumVersion(),
    platform: `${process.platform} ${process.arch}`,
  },
  setup: {
    extension: 'built dist/, headless Chromium via Playwright; mock vendor `--demo --store memory` in a child process on 127.0.0.1',
    baseline: 'GET /free/echo (the same echo handler without the payment gate) from a Chromium profile without the extension',
  },
  rows,
};
await writeFile(new URL('./results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
printTable(rows);
if (process.argv.includes('--markdown')) console.log(`\n${markdownTable(rows)}`);
process.stderr.write(`bench: wrote bench/results.json in ${results.durationSeconds} s\n`);
