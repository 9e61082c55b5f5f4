import { expect, it } from 'vitest';
import { vendorKey } from '../test-fixtures';
import { MemoryVoucherStateStore } from './memory';
import { voucherStateContract } from './voucher-state.contract';

voucherStateContract('memory', () => new MemoryVoucherStateStore());

it('hands out copies, so a caller cannot change stored state', async () => {
  const store = new MemoryVoucherStateStore();
  const state = await store.ensure(vendorKey, { limitAtoms: 10n, maxVoucherAtoms: 10n });
  state.budget.spentAtoms = 999n;
  expect((await store.get(vendorKey))!.budget.spentAtoms).toBe(0n);
});
