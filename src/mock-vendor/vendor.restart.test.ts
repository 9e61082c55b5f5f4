import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePrivateKey } from 'viem/accounts';
import { afterAll, expect, it } from 'vitest';
import { startVendor, type RunningVendor } from './server';
import { VoucherClient, adminView } from './testing/voucher-client';

const PRICES = { atomsPerHour: 3_600_000n, atomsPerGB: 1_000_000_000n };
let dataDir: string | undefined;
let running: RunningVendor | undefined;

afterAll(async () => {
  await running?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

it('keeps vouchers, credit and the expected nonce across a restart (PGlite on disk)', async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'vendor-restart-'));
  const options = { port: 0, dataDir, prices: PRICES, oracle: { demoCollateral: 1_000_000_000n } };
  running = await startVendor(options);
  const clientKey = generatePrivateKey();
  const client = new VoucherClient(running, clientKey);
  const v0 = await client.sign(0n, 60n);
  const v1 = await client.sign(1n, 10_000n);
  const first = await client.request('/api/echo?q=before', client.header(v0, v1));
  expect(first.status).toBe(200);
  const before = await adminView(running.url, client.address);
  expect(before.nextNonce).toBe('2');
  expect((before.vouchers as unknown[]).length).toBe(2);
  await running.close();

  running = await startVendor(options);
  // Same key from the data dir, so the same vendor the vouchers name.
  expect(running.vendor).toBe(client.target.vendor);
  const after = await adminView(running.url, client.address);
  expect(after).toEqual(before);

  // The same payer, at the restarted vendor's new port.
  const sameClient = new VoucherClient(running, clientKey);
  const again = await sameClient.request('/api/echo?q=after', sameClient.header(v1));
  expect(again.status).toBe(200);
  expect(again.receipt?.lastNonce).toBe(1n);
  const view = await adminView(running.url, client.address);
  const spentAtoms = (view.vouchers as { atoms: string; spent: boolean }[])
    .filter((v) => v.spent)
    .reduce((sum, v) => sum + BigInt(v.atoms), 0n);
  expect(spentAtoms + BigInt(view.unmarked as string)).toBe(first.receipt!.cost + again.receipt!.cost);
}, 60_000);
