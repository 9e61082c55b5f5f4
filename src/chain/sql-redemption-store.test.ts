import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { clientAccount, signVouchers } from '../engine/test-fixtures';
import { openPgliteDatabase } from '../engine/sql/pglite-database';
import { redemptionStoreContract } from './redemption-store-contract';
import { SqlRedemptionStore } from './sql-redemption-store';

describe('SqlRedemptionStore on PGlite', () => {
  // One in-memory database for the suite (creating one costs seconds), emptied for each test.
  const shared = openPgliteDatabase();
  afterAll(async () => (await shared).close());
  redemptionStoreContract(async () => {
    const db = await shared;
    const store = await SqlRedemptionStore.open(db);
    await db.query('TRUNCATE voucher_redemptions, redemption_submissions');
    return store;
  });

  it('keeps what it recorded across a reopen of the database files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'redemptions-'));
    try {
      const [voucher] = await signVouchers(clientAccount(31), [42n]);
      const first = await openPgliteDatabase(dir);
      const store = await SqlRedemptionStore.open(first);
      await store.enqueue([{ voucher: voucher!, claim: 42n }]);
      await store.recordSubmission({ txHash: `0x${'ab'.repeat(32)}`, rawTransaction: '0x02ff', accountNonce: 3n, vouchers: [voucher!] });
      await first.close();
      const again = await openPgliteDatabase(dir);
      const reopened = await SqlRedemptionStore.open(again);
      expect((await reopened.openSubmissions()).map((each) => each.accountNonce)).toEqual([3n]);
      expect(await reopened.totals()).toEqual([{ client: voucher!.client, redeemed: 0n, pending: 42n, failed: 0n }]);
      await again.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
