import { startVendor } from '../../src/mock-vendor/server';
import { DEMO_COLLATERAL } from '../../src/mock-vendor/cli';

/**
 * A child process holding `count` extra mock vendors (memory store, open demo oracle, each with
 * its own ephemeral key, so each is a new vendor to the wallet). The first-request benchmark
 * needs one never-paid vendor per sample. Prints one JSON line of their URLs; stops on SIGTERM.
 */
const count = Number(process.argv[2] ?? '1');
const vendors = await Promise.all(
  Array.from({ length: count }, () => startVendor({ port: 0, store: 'memory', oracle: { demoCollateral: DEMO_COLLATERAL } })),
);
process.stdout.write(`${JSON.stringify({ urls: vendors.map((vendor) => vendor.url) })}\n`);
process.on('SIGTERM', () => {
  void Promise.all(vendors.map((vendor) => vendor.close())).then(() => process.exit(0));
});
