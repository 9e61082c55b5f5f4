import { expect } from '@playwright/test';
import type { Address } from 'viem';
import { settledRecords } from '../assertions';
import type { AnyPage } from '../evaluate';
import { fetchInSeries } from '../page-requests';
import type { VendorProcess } from '../vendor-process';

// Scenario 06 (e2e/06-budget.spec.ts, e2e/firefox/06-budget.firefox.ts): one copy for both browsers.

export const BUDGET_DATA = '/api/data?bytes=50000';
/** The approval's limits: a budget of 4,000 atoms, vouchers of 2,000. */
export const BUDGET_LIMITS = { budget: '0.004', voucher: '0.002' };
const BUDGET_ATOMS = 4_000n;

/** After the first request (approved with BUDGET_LIMITS): requests until the page gets a 402, the budget spent. */
export async function budgetRunsOut(demo: AnyPage, walletPage: AnyPage, vendor: VendorProcess, address: Address): Promise<void> {
  const statuses = (await fetchInSeries(demo, BUDGET_DATA, { count: 20, stopAt: 402 })).map((response) => response.status);
  expect(statuses.at(-1)).toBe(402);
  expect(statuses.slice(0, -1).every((status) => status === 200)).toBe(true);

  const held = await vendor.client(address);
  expect(held.vouchers.reduce((sum, voucher) => sum + voucher.atoms, 0n)).toBeLessThanOrEqual(BUDGET_ATOMS);
  expect(held.vouchers.map((voucher) => voucher.nonce)).toEqual(held.vouchers.map((_, index) => BigInt(index)));

  const records = await settledRecords(walletPage, statuses.length + 1);
  const failed = records.filter((record) => record.status === 'error');
  expect(failed).toHaveLength(1);
  expect(failed[0]).toMatchObject({ errorCode: 'budget_exhausted', statusCode: 402 });
  expect(records.filter((record) => record.status === 'paid')).toHaveLength(statuses.length);
}
