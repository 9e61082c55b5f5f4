import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { vendorKey } from '../test-fixtures';
import { defaultVoucherStatePath, FileVoucherStateStore, STALE_LOCK_MS } from './file';
import { voucherStateContract } from './voucher-state.contract';

const dir = mkdtempSync(join(tmpdir(), 'voucher-state-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const freshPath = () => join(dir, `state-${files++}`, 'vouchers.json');

voucherStateContract('file', () => new FileVoucherStateStore(freshPath()));

const limits = { limitAtoms: 1_000n, maxVoucherAtoms: 400n };
const want = { minNonce: 0n, atomsWanted: 100n, atomsMin: 1n, now: 1 };

describe('FileVoucherStateStore', () => {
  it('a second store on the same file (a restarted client) continues where the first stopped', async () => {
    const path = freshPath();
    const first = new FileVoucherStateStore(path);
    await first.ensure(vendorKey, limits);
    await first.reserve(vendorKey, want);
    await first.storeSignature(vendorKey, 0n, `0x${'11'.repeat(65)}`);
    const restarted = new FileVoucherStateStore(path);
    expect(await restarted.reserve(vendorKey, want)).toMatchObject({ kind: 'reserved', entry: { nonce: 1n } });
    expect((await restarted.get(vendorKey))!.budget.spentAtoms).toBe(200n);
  });

  it('two stores on one file (two processes) never hand out one nonce twice', async () => {
    const path = freshPath();
    const a = new FileVoucherStateStore(path);
    const b = new FileVoucherStateStore(path);
    await a.ensure(vendorKey, limits);
    const results = await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        const store = i % 2 ? a : b;
        const result = await store.reserve(vendorKey, want);
        if (result.kind === 'reserved') await store.storeSignature(vendorKey, result.entry.nonce, `0x${'22'.repeat(65)}`);
        return result;
      }),
    );
    const nonces = results.flatMap((result) => (result.kind === 'reserved' ? [result.entry.nonce] : []));
    expect(new Set(nonces).size).toBe(nonces.length);
    const state = (await a.get(vendorKey))!;
    expect(state.vouchers.map((voucher) => voucher.nonce)).toEqual(nonces.slice().sort((x, y) => Number(x - y)));
    expect(state.budget.spentAtoms).toBe(100n * BigInt(nonces.length));
  });

  it('replaces the file whole and leaves no temporary or lock file behind', async () => {
    const path = freshPath();
    const store = new FileVoucherStateStore(path);
    await store.ensure(vendorKey, limits);
    await store.reserve(vendorKey, want);
    expect(readdirSync(join(path, '..'))).toEqual(['vouchers.json']);
    expect(JSON.parse(readFileSync(path, 'utf8')).vendors).toBeTypeOf('object');
  });

  it('a change that throws leaves the file as it was', async () => {
    const path = freshPath();
    const store = new FileVoucherStateStore(path);
    await store.ensure(vendorKey, limits);
    const before = readFileSync(path, 'utf8');
    await expect(store.storeSignature(vendorKey, 7n, `0x${'33'.repeat(65)}`)).rejects.toThrow(/no voucher is reserved/);
    expect(readFileSync(path, 'utf8')).toBe(before);
  });

  it('takes over a lock file left by a dead process, and waits for a live one', async () => {
    const path = freshPath();
    let clock = 1_000_000_000_000;
    let looks = 0;
    const store = new FileVoucherStateStore(path, () => (looks++, clock));
    await store.ensure(vendorKey, limits);
    writeFileSync(`${path}.lock`, '');
    const held = new Date(clock);
    utimesSync(`${path}.lock`, held, held);
    let done = false;
    const waiting = store.reserve(vendorKey, want).then(() => (done = true));
    // It looks at the lock again and again, and does not take a fresh one.
    await vi.waitFor(() => expect(looks).toBeGreaterThan(3));
    expect(done).toBe(false);
    clock += STALE_LOCK_MS + 1;
    await waiting;
    expect((await store.get(vendorKey))!.nextNonce).toBe(1n);
  });

  it('defaults to one file per vendor host and port under ~/.voucher-wallet', () => {
    expect(defaultVoucherStatePath('http://127.0.0.1:8402/api', '/home/me')).toBe('/home/me/.voucher-wallet/127.0.0.1_8402.json');
    expect(defaultVoucherStatePath('https://api.example.com', '/home/me')).toBe('/home/me/.voucher-wallet/api.example.com_443.json');
  });
});
