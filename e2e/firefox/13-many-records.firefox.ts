import { readFileSync } from 'node:fs';
import { TID } from '../../src/popup/testids';
import { createWallet } from '../support/flows';
import { expectPaidSeedCsv, seedRecords } from '../support/scenarios/many-records';
import { expect, test } from './fixtures';
import { byTestId, clickTestId, downloadedFile, openExtensionPage, POPUP_PATH, reload, shown, textNow, waitVisible } from './support/firefox';

// e2e/13-many-records.spec.ts on Firefox (the seed and the export's checks: e2e/support/scenarios/many-records.ts).
test('Firefox: 10,000 records: paging, filters, and a CSV export that matches the records', async ({ firefox, walletPage }) => {
  test.setTimeout(120_000);
  await createWallet(walletPage);
  const popup = await openExtensionPage(firefox, POPUP_PATH);
  await waitVisible(popup, byTestId(TID.txEmpty)); // the store has opened (and created) its database
  const now = Date.now();
  await seedRecords(popup, now);
  await reload(firefox.browser, popup);

  // The list as shown now: the paging line and the rows' record refs, read together.
  const list = async () => ({
    info: await textNow(popup, byTestId(TID.pageInfo)),
    rows: (await shown(popup, byTestId(TID.txRow), 'data-tx')).map((row) => row.attribute),
  });
  await expect.poll(list).toMatchObject({ info: '1–50 of 10,000', rows: expect.arrayContaining(['seed-00000']) });
  let { rows } = await list();
  expect(rows).toHaveLength(50);
  expect(rows[0]).toBe('seed-00000');
  await clickTestId(popup, TID.pageNext);
  await expect.poll(list).toMatchObject({ info: '51–100 of 10,000', rows: expect.arrayContaining(['seed-00050']) });
  expect((await list()).rows[0]).toBe('seed-00050');
  await clickTestId(popup, TID.pagePrev);
  await expect.poll(async () => (await list()).info).toBe('1–50 of 10,000');

  await popup.select(byTestId(TID.filterStatus), 'paid');
  await expect.poll(async () => (await list()).info).toBe('1–50 of 2,500');
  const statuses = await shown(popup, byTestId(TID.txStatus), 'data-status');
  expect(new Set(statuses.map((status) => status.attribute))).toEqual(new Set(['paid']));
  await popup.select(byTestId(TID.filterProtocol), 'mcp');
  // paid = i % 4 == 0, mcp = i % 5 == 0 → i % 20 == 0: 500 records.
  await expect.poll(list).toMatchObject({ info: '1–50 of 500', rows: expect.arrayContaining(['seed-00020']) });
  ({ rows } = await list());
  expect(rows[1]).toBe('seed-00020');
  await popup.select(byTestId(TID.filterProtocol), 'any');

  await clickTestId(popup, TID.exportCsv);
  expectPaidSeedCsv(readFileSync(await downloadedFile(firefox.downloads, 30_000), 'utf8'), now);
});
