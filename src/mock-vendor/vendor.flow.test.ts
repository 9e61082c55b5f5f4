import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hex } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { costOf, encodeVoucherHeader, MAX_VOUCHER_HEADER_LENGTH, type SignedVoucher } from '../protocol';
import { startVendor, type RunningVendor } from './server';
import { VoucherClient, adminStats, adminView } from './testing/voucher-client';

/** 1 atom per ms and 1 atom per byte: an echo costs tens of atoms, so vouchers run out quickly. */
const PRICES = { atomsPerHour: 3_600_000n, atomsPerGB: 1_000_000_000n };
const ECHO_LOCK = 200n;

const vendorKey = generatePrivateKey();
const vendorAddress = privateKeyToAccount(vendorKey).address;
const richKey = generatePrivateKey();
const unsubscribedKey = generatePrivateKey();
const poorKey = generatePrivateKey();

let dir: string;
let vendor: RunningVendor;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vendor-flow-'));
  const oracleFile = join(dir, 'oracle.json');
  await writeFile(
    oracleFile,
    JSON.stringify({
      [privateKeyToAccount(unsubscribedKey).address]: { collateral: '1000000000', subscriptions: [privateKeyToAccount(generatePrivateKey()).address] },
      [privateKeyToAccount(poorKey).address]: { collateral: '600', subscriptions: [vendorAddress] },
    }),
  );
  // Clients not in the file get the demo default, so each test can use a fresh client.
  vendor = await startVendor({
    port: 0,
    privateKey: vendorKey,
    prices: PRICES,
    approxCost: { echo: ECHO_LOCK, data: 1000n, stream: 6000n, mcp: ECHO_LOCK },
    oracle: { file: oracleFile, demoCollateral: 1_000_000_000n },
  });
}, 60_000);

afterAll(async () => {
  await vendor?.close();
  await rm(dir, { recursive: true, force: true });
});

function newClient(key: Hex = generatePrivateKey()): VoucherClient {
  return new VoucherClient(vendor, key);
}

describe('paying for a route', () => {
  it('402 → voucher 0 → 200 with receipt; runs out → 402 insufficient_credit → voucher 1 → 200', async () => {
    const client = newClient();
    const unpaid = await client.request('/api/echo?q=hi');
    expect(unpaid.status).toBe(402);
    expect(unpaid.headers.get('x-voucher-required')).toBe('v1');
    expect(unpaid.requirements?.error.code).toBe('payment_required');
    expect(unpaid.requirements?.vendor).toBe(vendor.vendor);
    expect(unpaid.requirements?.prices.approxCost).toBe(ECHO_LOCK);

    const v0 = await client.sign(0n, 500n);
    const receipts = [];
    let answer = await client.request('/api/echo?q=hi', client.header(v0));
    while (answer.status === 200) {
      expect(JSON.parse(answer.text).echo).toBe('hi');
      const receipt = answer.receipt!;
      expect(receipt.client).toBe(client.address);
      expect(receipt.nonce).toBe(0n);
      expect(receipt.cost).toBe(costOf(PRICES, receipt.usage));
      expect(receipt.usage.bytes).toBe(BigInt(Buffer.byteLength(answer.text)));
      receipts.push(receipt);
      answer = await client.request('/api/echo?q=hi', client.header(v0));
    }
    expect(receipts.length).toBeGreaterThanOrEqual(2);
    expect(answer.status).toBe(402);
    expect(answer.requirements?.error.code).toBe('insufficient_credit');
    expect(answer.requirements?.nextNonce).toBe(1n);
    expect(answer.requirements?.credit?.available).toBeLessThan(ECHO_LOCK);
    const charged = receipts.reduce((sum, r) => sum + r.cost, 0n);
    expect(answer.requirements?.credit?.unmarked).toBe(charged);

    const v1 = await client.sign(1n, 500n);
    const paid = await client.request('/api/echo?q=again', client.header(v1));
    expect(paid.status).toBe(200);
    expect(paid.receipt?.lastNonce).toBe(1n);
    expect((await adminView(vendor.url, client.address)).nextNonce).toBe('2');
  });

  it('never lets 50 parallel requests on one voucher exceed its atoms', async () => {
    const client = newClient();
    const atoms = 1000n;
    const header = client.header(await client.sign(0n, atoms));
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => client.request(`/api/echo?q=p${i}`, header)));
    const paid = answers.filter((a) => a.status === 200);
    const refused = answers.filter((a) => a.status !== 200);
    expect(paid.length).toBeGreaterThan(0);
    for (const a of refused) expect(a.requirements?.error.code).toBe('insufficient_credit');
    const charged = paid.reduce((sum, a) => sum + a.receipt!.cost, 0n);
    expect(charged).toBeLessThanOrEqual(atoms);

    const view = await adminView(vendor.url, client.address);
    const vouchers = view.vouchers as { atoms: string; spent: boolean }[];
    const spentAtoms = vouchers.filter((v) => v.spent).reduce((sum, v) => sum + BigInt(v.atoms), 0n);
    expect(spentAtoms + BigInt(view.unmarked as string)).toBe(charged);
    expect(view.locked).toBe('0');
    expect((await adminStats(vendor.url)).clients[client.address.toLowerCase()]?.charged).toBe(charged.toString());
  });

  it('accepts two new vouchers arriving out of order (multi-voucher headers)', async () => {
    const client = newClient();
    const v0 = await client.sign(0n, 1000n);
    expect((await client.request('/api/echo', client.header(v0))).status).toBe(200);
    const v1 = await client.sign(1n, 1000n);
    const v2 = await client.sign(2n, 1000n);
    // The request carrying v2 (with v1 before it) overtakes the one carrying only v1.
    const second = await client.request('/api/echo', client.header(v1, v2));
    const first = await client.request('/api/echo', client.header(v1));
    expect(second.status).toBe(200);
    expect(first.status).toBe(200);
    expect(second.receipt?.lastNonce).toBe(2n);
    const view = await adminView(vendor.url, client.address);
    expect((view.vouchers as { nonce: string }[]).map((v) => v.nonce)).toEqual(['0', '1', '2']);
    // v2 alone before v1 would be a gap; v1 then v2 in either order is not.
    const lone = await client.request('/api/echo', client.header(await client.sign(4n, 1000n)));
    expect(lone.requirements?.error.code).toBe('nonce_gap');
    expect(lone.requirements?.nextNonce).toBe(3n);
  });
});

describe('bad input', () => {
  let client: VoucherClient;
  let v0: SignedVoucher;
  let spent: SignedVoucher;

  beforeAll(async () => {
    client = newClient();
    // v0 of 50 atoms is spent by one echo; v1 keeps the client in credit.
    spent = await client.sign(0n, 50n);
    v0 = await client.sign(1n, 100_000n);
    expect((await client.request('/api/echo?q=spend', client.header(spent, v0))).status).toBe(200);
    const view = await adminView(vendor.url, client.address);
    expect((view.vouchers as { spent: boolean }[])[0]?.spent).toBe(true);
  });

  async function expectRefused(header: string, status: number, code: string, who = client): Promise<void> {
    const before = await adminView(vendor.url, who.address);
    const answer = await client.request('/api/echo?q=bad', header);
    expect(answer.status).toBe(status);
    expect(answer.requirements?.error.code).toBe(code);
    expect(await adminView(vendor.url, who.address)).toEqual(before);
  }

  const other = privateKeyToAccount(generatePrivateKey()).address;

  it('wrong vendor', async () => expectRefused(client.header(await client.sign(2n, 100n, { vendor: other })), 403, 'wrong_vendor'));
  it('wrong chain', async () =>
    expectRefused(client.header(await client.sign(2n, 100n, { domain: { ...client.domain, chainId: 1n } })), 403, 'wrong_chain'));
  it('wrong contract', async () =>
    expectRefused(client.header(await client.sign(2n, 100n, { domain: { ...client.domain, verifyingContract: other } })), 403, 'wrong_contract'));
  it('forged signature', async () => {
    const forger = newClient();
    const forged = { ...(await forger.sign(2n, 100n)), client: client.address };
    await expectRefused(encodeVoucherHeader([forged]), 403, 'invalid_signature');
  });
  it('zero atoms', async () => expectRefused(client.header(await client.sign(2n, 0n)), 403, 'zero_atoms'));
  it('nonce gap', async () => {
    const answer = await client.request('/api/echo', client.header(await client.sign(3n, 100n)));
    expect(answer.requirements?.nextNonce).toBe(2n);
    await expectRefused(client.header(await client.sign(3n, 100n)), 402, 'nonce_gap');
  });
  it('spent voucher replayed', async () => expectRefused(client.header(spent), 402, 'voucher_spent'));
  it('different voucher under a known nonce', async () =>
    expectRefused(client.header(await client.sign(1n, 100_001n)), 403, 'nonce_conflict'));
  it('unsubscribed client (file oracle)', async () => {
    const unsubscribed = newClient(unsubscribedKey);
    await expectRefused(unsubscribed.header(await unsubscribed.sign(0n, 100n)), 403, 'not_subscribed', unsubscribed);
  });
  it('collateral too low', async () => {
    const poor = newClient(poorKey);
    await expectRefused(poor.header(await poor.sign(0n, 1_000_000n)), 402, 'collateral_too_low', poor);
  });
  it('garbage header', async () => expectRefused('v1.!!!not-base64', 400, 'malformed_voucher_header'));
  it('unknown version', async () => expectRefused('v9.abc', 400, 'unsupported_version'));
  it('oversized header', async () =>
    expectRefused(`v1.${'A'.repeat(MAX_VOUCHER_HEADER_LENGTH)}`, 400, 'voucher_header_too_large'));
  it('bad route parameters get 400 with a code, before any payment', async () => {
    const header = client.header(v0);
    for (const path of ['/api/data?bytes=-1', '/api/data?bytes=abc', '/api/data?bytes=99999999999', '/api/stream?seconds=0']) {
      const answer = await client.request(path, header);
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.text).error.code).toBe('app_invalid_parameter');
    }
    expect((await client.request('/nowhere')).status).toBe(404);
    expect((await fetch(`${vendor.url}/admin/clients/not-an-address`)).status).toBe(400);
    const mcp = await fetch(`${vendor.url}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: '{not json',
    });
    expect(mcp.status).toBe(400);
  });
  it('no bad input reached the 500 handler', async () => {
    expect((await adminStats(vendor.url)).faults).toBe(0);
  });
});
