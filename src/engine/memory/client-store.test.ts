import { describe, expect, it } from 'vitest';
import { deferred } from '../../lib/deferred';
import { clientAccount, signVouchers } from '../test-fixtures';
import { MemoryClientStore } from './client-store';

const alice = clientAccount(0);
const bob = clientAccount(1);

describe('MemoryClientStore', () => {
  it('stores vouchers in nonce order and tracks spent ones and unspent atoms', async () => {
    const store = new MemoryClientStore();
    const vouchers = await signVouchers(alice, [10n, 20n, 30n]);
    await store.withClient(alice.address, async (state) => {
      for (const voucher of vouchers) await state.vouchers.insert(voucher);
      await state.vouchers.markSpent(0n);
    });
    await store.withClient(alice.address, async (state) => {
      expect(await state.vouchers.lastKnownNonce()).toBe(2n);
      expect((await state.vouchers.firstUnspent())?.nonce).toBe(1n);
      expect(await state.vouchers.unspentAtoms()).toBe(50n);
      expect((await state.vouchers.unspentVouchers()).map((v) => v.nonce)).toEqual([1n, 2n]);
      expect((await state.vouchers.allVouchers()).map((v) => v.spent)).toEqual([true, false, false]);
      expect((await state.vouchers.voucherAt(0n))?.signature).toBe(vouchers[0]!.signature);
      expect(await state.vouchers.voucherAt(3n)).toBeNull();
    });
  });

  it('unspends the newest spent vouchers for a credit-back, and scans from them again', async () => {
    const store = new MemoryClientStore();
    const vouchers = await signVouchers(bob, [10n, 20n, 30n]);
    await store.withClient(bob.address, async (state) => {
      for (const voucher of vouchers) await state.vouchers.insert(voucher);
      await state.vouchers.markSpent(0n);
      await state.vouchers.markSpent(1n);
    });
    await store.withClient(bob.address, async (state) => {
      expect((await state.vouchers.lastSpent())?.nonce).toBe(1n);
      await state.vouchers.markUnspent(1n);
      expect((await state.vouchers.firstUnspent())?.nonce).toBe(1n);
      expect((await state.vouchers.lastSpent())?.nonce).toBe(0n);
    });
    await store.withClient(bob.address, async (state) => {
      expect((await state.vouchers.firstUnspent())?.nonce).toBe(1n);
      expect(await state.vouchers.unspentAtoms()).toBe(50n);
      expect((await state.vouchers.allVouchers()).map((v) => v.spent)).toEqual([true, false, false]);
      await state.vouchers.markSpent(1n);
      await state.vouchers.markSpent(2n);
      await state.vouchers.markUnspent(2n);
      await expect(state.vouchers.markUnspent(2n)).rejects.toThrow('not spent');
    });
    expect(await store.spentVouchersAbove(new Map(), 10)).toHaveLength(2);
    await store.withClient(bob.address, async (state) => {
      expect((await state.vouchers.lastSpent())?.nonce).toBe(1n);
      expect(await state.vouchers.unspentAtoms()).toBe(30n);
    });
  });

  it('refuses an insert that does not continue the sequence and a double spend', async () => {
    const store = new MemoryClientStore();
    const [v0, v1] = await signVouchers(alice, [10n, 20n]);
    await store.withClient(alice.address, async (state) => {
      await expect(state.vouchers.insert(v1!)).rejects.toThrow(RangeError);
      await state.vouchers.insert(v0!);
      await state.vouchers.markSpent(0n);
      await expect(state.vouchers.markSpent(0n)).rejects.toThrow(/already spent/);
      await expect(state.vouchers.markSpent(5n)).rejects.toThrow(RangeError);
    });
  });

  it('discards every write of a call that throws', async () => {
    const store = new MemoryClientStore();
    const [v0, v1] = await signVouchers(alice, [10n, 20n]);
    await store.withClient(alice.address, async (state) => {
      await state.vouchers.insert(v0!);
    });
    await expect(
      store.withClient(alice.address, async (state) => {
        await state.vouchers.insert(v1!);
        await state.vouchers.markSpent(0n);
        await state.costs.add(7n);
        await state.costs.lock(3n);
        throw new Error('handler failed');
      }),
    ).rejects.toThrow('handler failed');
    await store.withClient(alice.address, async (state) => {
      expect(await state.vouchers.lastKnownNonce()).toBe(0n);
      expect((await state.vouchers.voucherAt(0n))?.spent).toBe(false);
      expect(await state.vouchers.unspentAtoms()).toBe(10n);
      expect(await state.costs.unmarked()).toBe(0n);
      expect(await state.costs.locked()).toBe(0n);
    });
  });

  it('does not keep state for clients that were only read', async () => {
    const store = new MemoryClientStore();
    await store.withClient(alice.address, async (state) => state.vouchers.lastKnownNonce());
    expect(store.clientCount).toBe(0);
    await store.withClient(alice.address, async (state) => state.costs.add(1n));
    expect(store.clientCount).toBe(1);
  });

  it('treats addresses case-insensitively', async () => {
    const store = new MemoryClientStore();
    await store.withClient(alice.address, async (state) => state.costs.add(5n));
    const lower = alice.address.toLowerCase() as `0x${string}`;
    expect(await store.withClient(lower, async (state) => state.costs.unmarked())).toBe(5n);
  });

  it('refuses use of a state after its call ended', async () => {
    const store = new MemoryClientStore();
    const leaked = await store.withClient(alice.address, async (state) => state);
    await expect(leaked.costs.add(1n)).rejects.toMatchObject({ name: 'EngineFault', code: 'client_transaction_ended' });
    await expect(leaked.vouchers.lastKnownNonce()).rejects.toMatchObject({ code: 'client_transaction_ended' });
  });

  it('runs one client’s calls one at a time, in arrival order', async () => {
    const store = new MemoryClientStore();
    const order: string[] = [];
    const gate = deferred();
    const first = store.withClient(alice.address, async () => {
      order.push('first start');
      await gate.promise;
      order.push('first end');
    });
    const second = store.withClient(alice.address, async () => {
      order.push('second');
    });
    // Only the gate ends the first call: a second that did not wait would have run before it.
    gate.resolve();
    await Promise.all([first, second]);
    expect(order).toEqual(['first start', 'first end', 'second']);
  });

  it('never makes one client wait for another', async () => {
    const store = new MemoryClientStore();
    const gate = deferred();
    let aliceDone = false;
    const slowAlice = store.withClient(alice.address, async () => {
      await gate.promise;
      aliceDone = true;
    });
    // Bob completes while Alice is still held; if he waited, this await would never resolve.
    await store.withClient(bob.address, async (state) => state.costs.add(1n));
    expect(aliceDone).toBe(false);
    gate.resolve();
    await slowAlice;
  });

  it('releases the lock after a call throws', async () => {
    const store = new MemoryClientStore();
    await expect(store.withClient(alice.address, async () => Promise.reject(new Error('x')))).rejects.toThrow();
    expect(await store.withClient(alice.address, async () => 'next')).toBe('next');
  });
});
