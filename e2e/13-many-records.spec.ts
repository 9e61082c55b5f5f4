import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import { ActivityPage } from './pages/ActivityPage';
import { createWallet } from './support/flows';
import { expectPaidSeedCsv, seedRecords } from './support/scenarios/many-records';

test('10,000 records: paging, filters, and a CSV export that matches the records', async ({ openPopup, walletPage }) => {
  test.setTimeout(120_000);
  await createWallet(walletPage);
  const popup = await openPopup();
  const activity = new ActivityPage(popup);
  await expect(activity.empty).toBeVisible(); // the store has opened (and created) its database
  const now = Date.now();
  await seedRecords(popup, now);
  await popup.reload();

  await expect(activity.pageInfo).toHaveText('1–50 of 10,000');
  await expect(activity.rows).toHaveCount(50);
  await expect(activity.rows.first()).toHaveAttribute('data-tx', 'seed-00000');
  await activity.next.click();
  await expect(activity.pageInfo).toHaveText('51–100 of 10,000');
  await expect(activity.rows.first()).toHaveAttribute('data-tx', 'seed-00050');
  await activity.prev.click();
  await expect(activity.pageInfo).toHaveText('1–50 of 10,000');

  await activity.statusFilter.selectOption('paid');
  await expect(activity.pageInfo).toHaveText('1–50 of 2,500');
  expect(new Set(await activity.statuses())).toEqual(new Set(['paid']));
  await activity.protocolFilter.selectOption('mcp');
  // paid = i % 4 == 0, mcp = i % 5 == 0 → i % 20 == 0: 500 records.
  await expect(activity.pageInfo).toHaveText('1–50 of 500');
  await expect(activity.rows.nth(1)).toHaveAttribute('data-tx', 'seed-00020');
  await activity.protocolFilter.selectOption('any');

  const download = await activity.exportCsv();
  expectPaidSeedCsv(readFileSync(await download.path(), 'utf8'), now);
});
