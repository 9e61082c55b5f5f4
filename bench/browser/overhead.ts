import type { Page } from '@playwright/test';
import { generatePrivateKey } from 'viem/accounts';
import { VendorProcess } from '../../e2e/support/vendor-process';
import { row, scaled } from '../stats';
import type { BenchRow } from '../types';
import type { Browsers } from './browsers';
import { startChildVendors } from './child-vendors';
import type { StaticServer } from './static-server';
import { approveVendor } from './wallet';

/**
 * What paying costs a page's fetch, in Chromium on loopback. The vendor is the mock vendor
 * (`--demo --store memory`) in a child process; the page is the bench's own http origin calling
 * it cross-origin. Configurations, measured in interleaved batches in the same run:
 *  - paid via the extension: GET /api/echo, vendor approved, voucher held (steady state);
 *  - unpaid, no extension: GET /free/echo (the same handler without the payment gate) from a
 *    profile without the extension — the baseline;
 *  - paid, no extension, header held by the page: isolates the vendor's share of the cost;
 *  - paid, no extension, a voucher signed in the page for every request (per-request payment);
 *  - unpaid via the extension to a non-vendor origin: the wrapper's pass-through cost;
 *  - paid with a page-held header in the extension profile, to the vendor under another origin
 *    (localhost), which the wrapper passes through: the extension profile without wrapper work.
 * Latencies are per request, from fetch() to the body read, timed in the page.
 */
const ROUNDS = scaled(7, 3);
const BATCH = scaled(200, 40);
const SIGNED_BATCH = scaled(60, 15);
const FIRST_REQUEST_SAMPLES = scaled(7, 3);
/** Each per-request voucher covers the echo route's lock (its approxCost) and no more. */
const PER_REQUEST_ATOMS = '100';

type Timed = (args: { url: string; count: number; headers?: Record<string, string>; paid: boolean }) => Promise<number[]>;

/** Runs in the page: `count` sequential fetches, each timed to the end of its body. */
const timedFetches: Timed = async ({ url, count, headers, paid }) => {
  const times: number[] = [];
  for (let index = 0; index < count; index++) {
    const started = performance.now();
    const response = await fetch(url, headers ? { headers } : undefined);
    await response.arrayBuffer();
    times.push(performance.now() - started);
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
    // A header the page sent itself comes back with a receipt; one the extension's rule attached does
    // not (the rule removes it from the page's view), where the paid route's 200 is the proof.
    if (paid && headers && !response.headers.get('x-voucher-receipt')) throw new Error(`${url} answered without a receipt: not paid`);
  }
  return times;
};

type SignerSetup = { key: string; chainId: string; verifyingContract: string; vendor: string };
type PageWithSigner = { benchSigner: { createSigner(...args: string[]): { header(nonce: string, atoms: string): Promise<string> } } };

/** Runs in the page: `count` fetches, each with a voucher signed just before it (nonce counter kept on window). */
const signedFetches = async ({ url, count, setup, atoms }: { url: string; count: number; setup: SignerSetup; atoms: string }) => {
  const state = window as unknown as PageWithSigner & { perRequest?: { header(n: string, a: string): Promise<string> }; nonce?: number };
  state.perRequest ??= state.benchSigner.createSigner(setup.key, setup.chainId, setup.verifyingContract, setup.vendor);
  state.nonce ??= 0;
  const times: number[] = [];
  for (let index = 0; index < count; index++) {
    const started = performance.now();
    const header = await state.perRequest.header(String(state.nonce++), atoms);
    const response = await fetch(url, { headers: { 'x-voucher': header } });
    await response.arrayBuffer();
    times.push(performance.now() - started);
    if (response.status !== 200) throw new Error(`per-request voucher answered ${response.status}`);
  }
  return times;
};

const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function benchOverhead(browsers: Browsers, control: Page, site: StaticServer): Promise<BenchRow[]> {
  const vendor = new VendorProcess(['--demo', '--store', 'memory']);
  const info = await vendor.start();
  try {
    await approveVendor(browsers.withExtension, control, site.pageUrl(), info.url, true);
    const extPage = await browsers.withExtension.newPage();
    await extPage.goto(site.pageUrl('signer'));
    const plainPage = await browsers.plainContext.newPage();
    await plainPage.goto(site.pageUrl('signer'));

    // The page's own held voucher (no extension): one signature, large enough for the run.
    const setup = (key: string): SignerSetup => ({ key, chainId: info.chainId, verifyingContract: info.verifyingContract, vendor: info.vendor });
    const heldHeader = await plainPage.evaluate(
      async ({ setup }) => (window as unknown as PageWithSigner).benchSigner.createSigner(setup.key, setup.chainId, setup.verifyingContract, setup.vendor).header('0', '50000000'),
      { setup: setup(generatePrivateKey()) },
    );
    const perRequestSetup = setup(generatePrivateKey());
    const extHeldHeader = await extPage.evaluate(
      async ({ setup }) => (window as unknown as PageWithSigner).benchSigner.createSigner(setup.key, setup.chainId, setup.verifyingContract, setup.vendor).header('0', '50000000'),
      { setup: setup(generatePrivateKey()) },
    );

    const paidUrl = `${info.url}/api/echo?q=bench`;
    const freeUrl = `${info.url}/free/echo?q=bench`;
    // Same server, another origin: the wrapper sees a non-vendor and passes the request through.
    const passThroughUrl = freeUrl.replace('127.0.0.1', 'localhost');
    const configs = {
      paidExtension: () => extPage.evaluate(timedFetches, { url: paidUrl, count: BATCH, paid: true }),
      unpaidPlain: () => plainPage.evaluate(timedFetches, { url: freeUrl, count: BATCH, paid: false }),
      paidPlainHeld: () => plainPage.evaluate(timedFetches, { url: paidUrl, count: BATCH, headers: { 'x-voucher': heldHeader }, paid: true }),
      paidPlainSignEach: () => plainPage.evaluate(signedFetches, { url: paidUrl, count: SIGNED_BATCH, setup: perRequestSetup, atoms: PER_REQUEST_ATOMS }),
      unpaidExtensionPassThrough: () => extPage.evaluate(timedFetches, { url: passThroughUrl, count: BATCH, paid: false }),
      paidExtensionProfileHeld: () =>
        extPage.evaluate(timedFetches, { url: paidUrl.replace('127.0.0.1', 'localhost'), count: BATCH, headers: { 'x-voucher': extHeldHeader }, paid: true }),
    };
    const all: Record<keyof typeof configs, number[]> = {
      paidExtension: [], unpaidPlain: [], paidPlainHeld: [], paidPlainSignEach: [], unpaidExtensionPassThrough: [], paidExtensionProfileHeld: [],
    };
    const ratios: number[] = [];
    const added: number[] = [];
    // Warm-up: connections open, CORS preflight cached, code paths compiled.
    for (const run of Object.values(configs)) await run();
    await settle();
    for (let round = 0; round < ROUNDS; round++) {
      const batch: Partial<Record<keyof typeof configs, number[]>> = {};
      for (const [name, run] of Object.entries(configs) as [keyof typeof configs, () => Promise<number[]>][]) {
        batch[name] = await run();
        all[name].push(...batch[name]);
        await settle(); // the worker's batched record writes finish before the next batch
      }
      const paid = median(batch.paidExtension!);
      const unpaid = median(batch.unpaidPlain!);
      ratios.push(paid / unpaid);
      added.push(paid - unpaid);
    }
    await extPage.close();
    await plainPage.close();

    return [
      row('fetch, unpaid /free/echo, no extension (baseline)', 'ms', all.unpaidPlain),
      row('fetch, paid /api/echo via the extension (steady state)', 'ms', all.paidExtension),
      row('paid via extension / unpaid baseline, per-round medians', 'ratio', ratios),
      row('paid via extension − unpaid baseline, per-round medians', 'ms', added),
      row('fetch, paid, header held by the page, no extension', 'ms', all.paidPlainHeld),
      row('fetch, paid, voucher signed in the page per request (viem)', 'ms', all.paidPlainSignEach),
      row('fetch, unpaid non-vendor origin via the extension (pass-through)', 'ms', all.unpaidExtensionPassThrough),
      row('fetch, paid, header held by the page, extension profile, wrapper passes through', 'ms', all.paidExtensionProfileHeld),
      await firstRequests(browsers, control, site),
    ];
  } finally {
    await vendor.stop();
  }
}

/**
 * The first request to a newly approved vendor: approved with no voucher yet, so the request
 * goes out bare, gets the 402, the worker signs the first voucher, and the wrapper retries
 * (with a CORS preflight for the new header). One fresh vendor per sample.
 */
async function firstRequests(browsers: Browsers, control: Page, site: StaticServer): Promise<BenchRow> {
  const vendors = await startChildVendors(FIRST_REQUEST_SAMPLES);
  try {
    for (const url of vendors.urls) await approveVendor(browsers.withExtension, control, site.pageUrl(), url, false);
    const samples: number[] = [];
    for (const url of vendors.urls) {
      const page = await browsers.withExtension.newPage();
      await page.goto(site.pageUrl());
      // Any fetch waits for the wrapper's start-up hello: the timed request starts from a ready page.
      await page.evaluate(() => fetch('/ping').then((response) => response.text()));
      samples.push(...(await page.evaluate(timedFetches, { url: `${url}/api/echo?q=first`, count: 1, paid: true })));
      await page.close();
    }
    return row('fetch, first request to an approved vendor (402 → sign → retry)', 'ms', samples);
  } finally {
    await vendors.stop();
  }
}
