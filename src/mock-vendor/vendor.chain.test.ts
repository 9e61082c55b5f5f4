import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEther } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_DEPLOYMENT } from '../chain/local-deployment';
import { startTestChain, type TestChain } from '../chain/test-chain';
import { createHttpClient } from '../payer/http-client';
import { MemoryVoucherStateStore } from '../payer/voucher-state/memory';
import { startVendor, type RunningVendor } from './server';

/** 1 atom per byte and per ms, and small vouchers: a few requests spend several vouchers in full. */
const PRICES = { atomsPerHour: 3_600_000n, atomsPerGB: 1_000_000_000n };
const VOUCHER_ATOMS = 3_000n;
const CLIENT_INDEX = 3;

interface AdminTotals {
  redeemed: string;
  pending: string;
  failed: string;
  clients: { client: string; redeemed: string; pending: string; failed: string }[];
}

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

/** Atoms of the vouchers the vendor holds as spent: what an honest redeemer claims. */
async function spentVoucherAtoms(vendor: RunningVendor, client: string): Promise<bigint> {
  const view = await getJson<{ vouchers: { atoms: string; spent: boolean }[] }>(`${vendor.url}/admin/clients/${client}`);
  return view.vouchers.filter((voucher) => voucher.spent).reduce((sum, voucher) => sum + BigInt(voucher.atoms), 0n);
}

/** Rounds until nothing is pending: the first may be the one start() began. */
async function redeemAll(vendor: RunningVendor): Promise<AdminTotals> {
  for (let round = 0; round < 5; round += 1) {
    await vendor.redeemer!.runOnce();
    const totals = await getJson<AdminTotals>(`${vendor.url}/admin`);
    if (totals.pending === '0') return totals;
  }
  throw new Error('redemptions still pending after 5 rounds');
}

describe('mock vendor on a chain (anvil)', () => {
  let chain: TestChain;
  let dataDir: string;
  let vendor: RunningVendor | undefined;

  beforeAll(async () => {
    chain = await startTestChain();
    dataDir = await mkdtemp(join(tmpdir(), 'vendor-chain-'));
  }, 60_000);

  afterAll(async () => {
    await vendor?.close();
    await chain?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('redeems what the Node payer paid, shows it in /admin, and a restart does not redeem twice', async () => {
    const vendorKey = generatePrivateKey();
    const vendorAddress = privateKeyToAccount(vendorKey).address;
    await chain.testClient.setBalance({ address: vendorAddress, value: parseEther('10') });
    await chain.deposit(CLIENT_INDEX, 50_000_000n);
    await chain.subscribe(CLIENT_INDEX, vendorAddress);
    const options = {
      port: 0,
      dataDir,
      privateKey: vendorKey,
      prices: PRICES,
      suggestedVoucherAtoms: VOUCHER_ATOMS,
      chain: chain.config,
      // Rounds are run by the test; the scheduled one would only race it.
      redeemer: { batchSize: 1, intervalMs: 3_600_000 },
    };
    vendor = await startVendor(options);
    expect(vendor.chainId).toBe(BigInt(chain.config.chainId));
    expect(vendor.verifyingContract).toBe(chain.config.contract);
    const client = chain.account(CLIENT_INDEX);
    const http = await createHttpClient({ baseUrl: vendor.url, signer: client, voucherState: new MemoryVoucherStateStore(), transactionLog: { persist: 'memory' } });
    for (let i = 0; i < 9; i += 1) {
      const { response } = await http.requestAndWaitForPayment('GET', '/api/data?bytes=700');
      expect(response.status).toBe(200);
    }
    const spent = await spentVoucherAtoms(vendor, client.address);
    // Several vouchers spent, so batches of 1 make more than one transaction.
    expect(spent).toBeGreaterThanOrEqual(2n * VOUCHER_ATOMS);

    const before = await chain.tokenBalance(vendorAddress);
    const totals = await redeemAll(vendor);
    const after = await chain.tokenBalance(vendorAddress);
    expect(after - before).toBe(spent);
    expect(BigInt(totals.redeemed)).toBe(spent);
    expect(totals.failed).toBe('0');
    expect(totals.clients).toEqual([{ client: client.address, redeemed: spent.toString(), pending: '0', failed: '0' }]);
    expect(await chain.collateral(client.address)).toBe(50_000_000n - spent);

    // A faucet exists on the vendor's own local chain only.
    const faucet = await fetch(`${vendor.url}/demo/faucet`, { method: 'POST', body: JSON.stringify({ address: client.address }) });
    expect(faucet.status).toBe(404);
    expect(((await faucet.json()) as { error: { code: string } }).error.code).toBe('app_faucet_unavailable');
    // The demo page's public panel: the same redeemed total, and no faucet button on this chain.
    expect(await getJson(`${vendor.url}/demo/stats`)).toMatchObject({
      chain: { local: false },
      faucet: false,
      redemption: { redeemed: spent.toString(), pending: '0' },
    });

    await vendor.close();
    vendor = await startVendor(options);
    const again = await redeemAll(vendor);
    expect(await chain.tokenBalance(vendorAddress)).toBe(after);
    expect(again).toEqual(totals);
  }, 120_000);
});

describe('mock vendor on its own local chain', () => {
  let vendor: RunningVendor | undefined;

  afterAll(async () => {
    await vendor?.close();
  });

  it('starts anvil, deploys, funds a demo client through the faucet, and serves it paid requests', async () => {
    vendor = await startVendor({ port: 0, store: 'memory', chain: 'local', redeemer: { batchSize: 100, intervalMs: 3_600_000 } });
    expect(vendor.chain).not.toBeNull();
    expect(vendor.verifyingContract).toBe(vendor.chain!.contract);
    // The wallet's asset list knows the local deployment by these fixed addresses.
    expect(vendor.chain).toMatchObject({ chainId: LOCAL_DEPLOYMENT.chainId, contract: LOCAL_DEPLOYMENT.contract, token: LOCAL_DEPLOYMENT.token });
    const client = privateKeyToAccount(generatePrivateKey());

    const bad = await fetch(`${vendor.url}/demo/faucet`, { method: 'POST', body: JSON.stringify({ address: '0x12' }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('app_invalid_address');

    const unfunded = await createHttpClient({ baseUrl: vendor.url, signer: client, voucherState: new MemoryVoucherStateStore(), transactionLog: { persist: 'memory' } });
    expect((await unfunded.request('GET', '/api/echo?q=before')).status).not.toBe(200);

    const granted = await fetch(`${vendor.url}/demo/faucet`, { method: 'POST', body: JSON.stringify({ address: client.address }) });
    expect(granted.status).toBe(200);
    expect(await granted.json()).toEqual({ client: client.address, deposited: '100000000', collateral: '100000000', subscribed: true });

    const http = await createHttpClient({ baseUrl: vendor.url, signer: client, voucherState: new MemoryVoucherStateStore(), transactionLog: { persist: 'memory' } });
    const { response, data } = await http.requestAndWaitForPayment<{ echo: string }>('GET', '/api/echo?q=paid');
    expect(response.status).toBe(200);
    expect(data.echo).toBe('paid');
    expect(await getJson<AdminTotals>(`${vendor.url}/admin`)).toEqual({ redeemed: '0', pending: '0', failed: '0', clients: [] });
    expect(await getJson(`${vendor.url}/demo/stats`)).toMatchObject({ chain: { local: true }, faucet: true, paidRequests: 1, redemption: { redeemed: '0' } });
  }, 60_000);
});
