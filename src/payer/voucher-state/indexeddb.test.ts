import 'fake-indexeddb/auto';
import { expect, it } from 'vitest';
import { vendorKey } from '../test-fixtures';
import { IndexedDbVoucherStateStore } from './indexeddb';
import { voucherStateContract } from './voucher-state.contract';

let counter = 0;
voucherStateContract('indexeddb', () => new IndexedDbVoucherStateStore(`vouchers-test-${++counter}`));

it('keeps vouchers across store instances on the same database', async () => {
  const first = new IndexedDbVoucherStateStore('vouchers-persist');
  await first.ensure(vendorKey, { limitAtoms: 1_000n, maxVoucherAtoms: 500n });
  await first.reserve(vendorKey, { minNonce: 0n, atomsWanted: 300n, atomsMin: 1n, now: 5 });
  first.close();
  const second = new IndexedDbVoucherStateStore('vouchers-persist');
  const state = (await second.get(vendorKey))!;
  expect(state.vouchers).toEqual([{ nonce: 0n, atoms: 300n, reservedAt: 5 }]);
  expect(state.budget.spentAtoms).toBe(300n);
  expect(typeof state.nextNonce).toBe('bigint');
  second.close();
});
