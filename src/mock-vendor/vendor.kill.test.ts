import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Address } from 'viem';
import { afterAll, expect, it } from 'vitest';
import type { Receipt } from '../protocol';
import { VoucherClient, adminView, type VendorTarget } from './testing/voucher-client';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
const CLIENTS = 4;
const IN_FLIGHT_PER_CLIENT = 8;
const VOUCHERS_PER_CLIENT = 8;
const VOUCHER_ATOMS = 500n;
/** Receipts to collect before the kill, so it lands mid-load with commits queued and in flight. */
const RECEIPTS_BEFORE_KILL = 150;

let dataDir: string | undefined;
const children = new Set<ChildProcess>();

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** The mock vendor on PGlite in a child process (demo oracle), and the line it prints once listening. */
async function startVendor(dir: string): Promise<{ child: ChildProcess; target: VendorTarget }> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, '--demo', '--store', 'pglite', '--port', '0', '--data-dir', dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
  const line = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code, signal) => reject(new Error(`vendor exited with ${code ?? signal}: ${stderr}`)));
    createInterface({ input: child.stdout! }).on('line', (text) => {
      if (text.startsWith('{')) resolve(text);
    });
  });
  const info = JSON.parse(line) as { url: string; vendor: Address; chainId: string; verifyingContract: Address };
  return { child, target: { url: info.url, vendor: info.vendor, chainId: BigInt(info.chainId), verifyingContract: info.verifyingContract } };
}

/** What a client has been charged in total as a snapshot of its credit tells it (all its vouchers signed up front). */
function chargedBy(credit: Receipt['credit']): bigint {
  return VOUCHER_ATOMS * BigInt(VOUCHERS_PER_CLIENT) - credit.unspent + credit.unmarked;
}

it('after kill -9 mid-load, the restarted vendor holds every charge whose receipt left it (PGlite on disk)', async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'vendor-kill-'));
  const first = await startVendor(dataDir);
  const clients = await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      const client = new VoucherClient(first.target);
      const vouchers = await Promise.all(Array.from({ length: VOUCHERS_PER_CLIENT }, (_, nonce) => client.sign(BigInt(nonce), VOUCHER_ATOMS)));
      return { client, header: client.header(...vouchers), receipts: [] as Receipt[] };
    }),
  );
  let receipts = 0;
  let killed = false;
  const exited = new Promise((resolve) => first.child.once('exit', resolve));
  const load = clients.flatMap(({ client, header, receipts: got }) =>
    Array.from({ length: IN_FLIGHT_PER_CLIENT }, async () => {
      while (!killed) {
        const answer = await client.request(`/api/echo?q=${receipts}`, header).catch(() => undefined);
        if (answer === undefined) return; // the connection died with the vendor
        if (answer.status !== 200) throw new Error(`vendor answered ${answer.status}: ${answer.text}`);
        got.push(answer.receipt!);
        if (++receipts === RECEIPTS_BEFORE_KILL) {
          killed = true;
          first.child.kill('SIGKILL');
        }
      }
    }),
  );
  await Promise.all(load);
  await exited;
  expect(first.child.signalCode).toBe('SIGKILL');

  const second = await startVendor(dataDir);
  try {
    for (const { client, receipts: got } of clients) {
      expect(got.length).toBeGreaterThan(0);
      const view = await adminView(second.target.url, client.address);
      const vouchers = view.vouchers as { atoms: string; spent: boolean }[];
      expect(vouchers).toHaveLength(VOUCHERS_PER_CLIENT);
      const spent = vouchers.filter((voucher) => voucher.spent).reduce((sum, voucher) => sum + BigInt(voucher.atoms), 0n);
      const durable = spent + BigInt(view.unmarked as string);
      // Every receipt: the total it reported charged is on disk, and so is the sum of all their costs.
      for (const receipt of got) expect(durable).toBeGreaterThanOrEqual(chargedBy(receipt.credit));
      expect(durable).toBeGreaterThanOrEqual(got.reduce((sum, receipt) => sum + receipt.cost, 0n));
      // No lock survives the crash: the whole credit not charged is available again.
      expect(view.locked).toBe('0');
    }
  } finally {
    second.child.kill('SIGTERM');
    await new Promise((resolve) => second.child.once('exit', resolve));
  }
}, 120_000);
