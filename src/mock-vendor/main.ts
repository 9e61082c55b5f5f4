import { VENDOR_USAGE, configFromCli, wantsHelp } from './cli';
import { ConfigError } from './config';
import { startVendor } from './server';

/**
 * npx tsx src/mock-vendor/main.ts [--port N] [--config file.json] [--demo] [--data-dir DIR] [--store pglite|postgres|memory] [--oracle file.json] [--help]
 *   [--rpc-url URL] [--redeem-batch N] [--redeem-interval-ms MS]
 * Without --demo, --oracle or --rpc-url it starts a local chain (anvil) and deploys to it.
 * Prints one JSON line {url, vendor, chainId, verifyingContract, store, demo, chain} on stdout once listening.
 */
async function main(): Promise<void> {
  if (wantsHelp(process.argv.slice(2))) {
    process.stdout.write(VENDOR_USAGE);
    return;
  }
  const config = await configFromCli(process.argv.slice(2), process.env);
  const vendor = await startVendor(config);
  process.stdout.write(
    `${JSON.stringify({
      url: vendor.url,
      vendor: vendor.vendor,
      chainId: vendor.chainId.toString(),
      verifyingContract: vendor.verifyingContract,
      store: config.store,
      demo: vendor.chain === null && config.oracle.demoCollateral !== undefined,
      chain: vendor.chain && { ...vendor.chain, local: config.chain === 'local' },
    })}\n`,
  );
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    vendor.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** node:util parseArgs refusing an unknown or malformed flag: the user's mistake, not a crash. */
function isArgumentError(error: unknown): error is Error {
  return error instanceof Error && String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS');
}

main().catch((error: unknown) => {
  if (isArgumentError(error)) {
    process.stderr.write(`vendor: ${error.message}\n\n${VENDOR_USAGE}`);
    process.exit(2);
  }
  console.error(error instanceof ConfigError ? `vendor: ${error.message}` : error);
  process.exit(1);
});
