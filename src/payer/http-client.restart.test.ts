import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { VOUCHER_HEADER } from '../protocol';
import { startVendor, type RunningVendor } from '../mock-vendor/server';
import { createHttpClient } from './http-client';

// No fake IndexedDB here: this is the plain Node default, vouchers in a file.
let vendor: RunningVendor;
const dir = mkdtempSync(join(tmpdir(), 'payer-restart-'));

beforeAll(async () => {
  vendor = await startVendor({ port: 0, store: 'memory', oracle: { demoCollateral: 1_000_000_000n } });
});

afterAll(async () => {
  await vendor?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The client's fetch, counting what reached the vendor and whether it carried vouchers. */
function countingFetch() {
  const sent: { withVoucher: boolean; status: number }[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const response = await globalThis.fetch(input, init);
    sent.push({ withVoucher: new Headers(init?.headers).has(VOUCHER_HEADER), status: response.status });
    return response;
  }) as typeof globalThis.fetch;
  return { fetch, sent };
}

it('a restarted Node client continues its nonces from its voucher file, with no 402 and no nonce_conflict', async () => {
  const signer = privateKeyToAccount(`0x${'5'.repeat(64)}`);
  const voucherStatePath = join(dir, 'vouchers.json');
  const before = countingFetch();
  const first = await createHttpClient({ baseUrl: vendor.url, signer, fetch: before.fetch, voucherStatePath, transactionLog: { persist: 'memory' } });
  await first.requestAndWaitForPayment('GET', '/api/echo?q=1');
  await first.requestAndWaitForPayment('GET', '/api/echo?q=2');
  expect(before.sent.map((each) => each.status)).toEqual([402, 200, 200]);
  const signedBefore = await first.issuer.currentHeader(first.vendorKey()!);

  // A new process: nothing shared with the first client but the file.
  const after = countingFetch();
  const restarted = await createHttpClient({ baseUrl: vendor.url, signer, fetch: after.fetch, voucherStatePath, transactionLog: { persist: 'memory' } });
  const result = await restarted.requestAndWaitForPayment<{ echo: string }>('GET', '/api/echo?q=3');
  expect(result.data.echo).toBe('3');
  // The first request already carried the stored vouchers: it learnt the vendor from the file.
  expect(after.sent).toEqual([{ withVoucher: true, status: 200 }]);
  expect(result.payment!.nonce).toBe(0n);
  expect(await restarted.issuer.currentHeader(restarted.vendorKey()!)).toBe(signedBefore);

  const held = (await (await fetch(`${vendor.url}/admin/clients/${signer.address}`)).json()) as { vouchers: { nonce: string }[] };
  expect(held.vouchers.map((voucher) => BigInt(voucher.nonce))).toEqual([0n]);
});
