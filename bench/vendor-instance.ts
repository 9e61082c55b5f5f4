import { privateKeyToAccount } from 'viem/accounts';
import { openClientStore } from '../src/engine/sql';
import { startBenchVendor } from './vendor';

/**
 * One bench vendor instance on PostgreSQL (DATABASE_URL) in its own process, for bench/vendor.ts:
 * prints {url, vendor} once listening, and closes its store on SIGTERM.
 */
const opened = await openClientStore('postgres', undefined, process.env.DATABASE_URL);
const server = await startBenchVendor(opened.clients, privateKeyToAccount(process.env.BENCH_VENDOR_KEY as `0x${string}`).address);
process.stdout.write(`${JSON.stringify({ url: server.url, vendor: server.vendor })}\n`);
process.once('SIGTERM', () => {
  void server
    .close()
    .then(() => opened.close())
    .finally(() => process.exit(0));
});
