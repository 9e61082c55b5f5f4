import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Address } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseVoucherHeader, VOUCHER_HEADER } from '../protocol';
import { startVendor, type RunningVendor } from '../mock-vendor/server';
import { createHttpClient } from './http-client';
import { createDefaultPolicy } from './policy';

// No fake IndexedDB here: the plain Node default, vouchers in a file, which the test deletes.
let vendor: RunningVendor;
const dir = mkdtempSync(join(tmpdir(), 'payer-recovery-'));

beforeAll(async () => {
  // Small vouchers, so the first client signs several before its state is lost.
  vendor = await startVendor({ port: 0, store: 'memory', oracle: { demoCollateral: 1_000_000_000n }, suggestedVoucherAtoms: 150n });
});

afterAll(async () => {
  await vendor?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The client's fetch, remembering the nonces and signatures of every voucher it sent and each status. */
function watchingFetch() {
  const sent: { nonces: bigint[]; status: number }[] = [];
  const signatures = new Map<bigint, Set<string>>();
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const header = new Headers(init?.headers).get(VOUCHER_HEADER);
    const vouchers = header === null ? [] : parseVoucherHeader(header).vouchers;
    for (const voucher of vouchers) signatures.set(voucher.nonce, (signatures.get(voucher.nonce) ?? new Set()).add(voucher.signature.toLowerCase()));
    const response = await globalThis.fetch(input, init);
    sent.push({ nonces: vouchers.map((voucher) => voucher.nonce), status: response.status });
    return response;
  }) as typeof globalThis.fetch;
  return { fetch, sent, signatures };
}

/** What the vendor holds for the client, from its engine. */
async function heldVouchers(client: Address): Promise<{ nonce: bigint; signature: string }[]> {
  return (await vendor.engine.inspect(client)).vouchers.map((voucher) => ({ nonce: voucher.nonce, signature: voucher.signature.toLowerCase() }));
}

/**
 * The first client pays four requests; its state file is deleted; a second client with the same
 * key and no state pays four more. Its first voucher is nonce 0 again: the same voucher when it
 * signs the same atoms (EIP-712 signatures of a key are deterministic), which the vendor takes as
 * the one it holds, and so are the top-ups after it; or, with other atoms (`maxVoucherAtoms`),
 * the one voucher ever signed twice, which meets the nonce_conflict that shows what the vendor
 * holds, and the payer adopts it.
 */
it.each([
  ['signs nonce 0 alike', undefined, [402]],
  ['signs nonce 0 otherwise and meets nonce_conflict', createDefaultPolicy({ limits: () => ({ limitAtoms: 1_000_000n, maxVoucherAtoms: 140n }) }), [402, 403]],
] as const)('a payer whose state file is gone %s, and continues with no nonce reused', async (_name, policy, refusals) => {
  const signer = privateKeyToAccount(generatePrivateKey());
  const voucherStatePath = join(dir, `${signer.address}.json`);
  const first = watchingFetch();
  const before = await createHttpClient({ baseUrl: vendor.url, signer, fetch: first.fetch, voucherStatePath, transactionLog: { persist: 'memory' } });
  for (let i = 0; i < 4; i++) await before.requestAndWaitForPayment('GET', `/api/echo?q=${i}`);
  const heldBefore = await heldVouchers(signer.address);
  expect(heldBefore.length).toBeGreaterThan(1);

  // The profile is cleared: a new payer with the same key and no state.
  rmSync(voucherStatePath);
  const second = watchingFetch();
  const after = await createHttpClient({
    baseUrl: vendor.url,
    signer,
    fetch: second.fetch,
    voucherStatePath,
    transactionLog: { persist: 'memory' },
    ...(policy ? { policy } : {}),
  });
  // Paid requests until the new payer signs past what the vendor held (it signs no more than one
  // voucher ahead of what receipts show used, so that takes as many requests as the held credit lasts).
  const lastHeldBefore = heldBefore.at(-1)!.nonce;
  const signedPast = () => [...second.signatures.keys()].some((nonce) => nonce > lastHeldBefore);
  for (let i = 0; i < 4 || (!signedPast() && i < 400); i++) {
    const { data } = await after.requestAndWaitForPayment<{ echo: string }>('GET', `/api/echo?q=after-${i}`);
    expect(data.echo).toBe(`after-${i}`);
  }
  expect(signedPast()).toBe(true);
  // The 402 of an unknown client, and the nonce_conflict that shows the held vouchers; nothing else.
  expect(second.sent.filter((each) => each.status !== 200).map((each) => each.status)).toEqual(refusals);

  const heldAfter = await heldVouchers(signer.address);
  expect(heldAfter.map((voucher) => voucher.nonce)).toEqual(heldAfter.map((_, index) => BigInt(index)));
  expect(heldAfter.length).toBeGreaterThan(heldBefore.length);
  // What the vendor held before is unchanged: nothing was signed over it.
  expect(heldAfter.slice(0, heldBefore.length)).toEqual(heldBefore);
  // Every voucher the new payer sent under a held nonce is the held one, but the nonce 0 that met
  // the conflict; every new one is what the vendor now holds.
  const lastHeld = heldBefore.at(-1)!.nonce;
  for (const [nonce, signatures] of second.signatures) {
    expect(signatures.size).toBe(1);
    const [signature] = [...signatures];
    if (nonce > lastHeld) expect(signature).toBe(heldAfter[Number(nonce)]!.signature);
    else if (nonce === 0n && refusals.length === 2) expect(signature).not.toBe(heldBefore[0]!.signature);
    else expect(signature).toBe(heldBefore[Number(nonce)]!.signature);
  }
});
