import { expect } from '@playwright/test';
import { TRANSACTIONS_DB_NAME } from '../../../src/messaging/names';
import { COUNT_BUCKET_MS } from '../../../src/storage/indexeddb/record-counts';
import { evaluateIn, type AnyPage } from '../evaluate';

// Scenario 13 (e2e/13-many-records.spec.ts, e2e/firefox/13-many-records.firefox.ts): the seed and
// the export's checks, one copy for both browsers; paging and filters go through each driver.

export const COUNT = 10_000;
const VENDOR = '0x992663Daac9011846Dce95B3B20789baD40DF89F';

/**
 * Seeds records straight into the extension's IndexedDB from an extension page, in one
 * transaction with the record count the store keeps beside them (as its createMany does): the
 * product exposes no bulk-insert message, and adding one for tests would widen the worker's API.
 * Every 4th record is paid, every 5th is MCP.
 */
export async function seedRecords(page: AnyPage, now: number): Promise<void> {
  await evaluateIn(
    page,
    async ({ dbName, count, now, vendor, bucketMs }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(dbName);
        open.onupgradeneeded = () => open.transaction!.abort();
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const tx = db.transaction(['transactions', 'meta', 'counts'], 'readwrite');
      const store = tx.objectStore('transactions');
      const statuses = ['paid', 'free', 'error', 'pending'] as const;
      // Written past the store, so the seed keeps the store's counts itself (record-counts.ts's layout).
      const counts = new Map<string, number>();
      const bump = (key: (string | number)[]) => counts.set(JSON.stringify(key), (counts.get(JSON.stringify(key)) ?? 0) + 1);
      for (let i = 0; i < count; i++) {
        const status = statuses[i % 4]!;
        for (const prefix of [['all'], ['status', status], ['channelId', vendor], ['statusChannelId', status, vendor]]) {
          bump([...prefix, Math.floor((now - i * 1000) / bucketMs)]);
          bump([...prefix, 'total']);
        }
        const ref = `seed-${String(i).padStart(5, '0')}`;
        store.put({
          clientTxRef: ref,
          timestamp: now - i * 1000,
          protocol: i % 5 === 0 ? 'mcp' : 'http',
          method: i % 5 === 0 ? 'POST' : 'GET',
          ...(i % 5 === 0 ? { operation: 'tools/call' } : {}),
          urlOrTarget: `http://127.0.0.1:9/api/echo?q=${i}, "quoted"`,
          stream: false,
          status,
          statusCode: status === 'error' ? 402 : 200,
          channelId: vendor,
          ...(status === 'paid'
            ? { payment: { cost: BigInt(1000 + i), costUsd: BigInt(1000 + i), nonce: BigInt(Math.floor(i / 40)), paidAt: new Date(now - i * 1000).toISOString() } }
            : {}),
          ...(status === 'error' ? { errorCode: 'budget_exhausted', errorMessage: 'budget left 0 atoms' } : {}),
        });
      }
      tx.objectStore('meta').put(count, 'recordCount');
      for (const [key, value] of counts) tx.objectStore('counts').put(value, JSON.parse(key));
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    },
    { dbName: TRANSACTIONS_DB_NAME, count: COUNT, now, vendor: VENDOR, bucketMs: COUNT_BUCKET_MS },
  );
}

/** RFC 4180 lines → fields (quoted fields may hold commas and doubled quotes). */
export function parseCsv(text: string): string[][] {
  return text
    .split('\r\n')
    .filter(Boolean)
    .map((line) => {
      const fields: string[] = [];
      const pattern = /("(?:[^"]|"")*"|[^,]*)(,|$)/g;
      let match: RegExpExecArray | null;
      while ((match = pattern.exec(line)) && match[0] !== '') {
        const raw = match[1]!;
        fields.push(raw.startsWith('"') ? raw.slice(1, -1).replaceAll('""', '"') : raw);
        if (match[2] === '') break;
      }
      return fields;
    });
}

/** The CSV export of the paid filter over the seed written at `now`: every paid record, newest first, fields intact. */
export function expectPaidSeedCsv(text: string, now: number): void {
  const [header, ...rows] = parseCsv(text);
  const column = (name: string) => header!.indexOf(name);
  expect(rows).toHaveLength(2_500);
  const expected = Array.from({ length: COUNT / 4 }, (_, k) => k * 4);
  expect(rows.map((row) => row[column('clientTxRef')])).toEqual(expected.map((i) => `seed-${String(i).padStart(5, '0')}`));
  expect(rows.map((row) => row[column('costAtoms')])).toEqual(expected.map((i) => String(1000 + i)));
  expect(rows.map((row) => row[column('nonce')])).toEqual(expected.map((i) => String(Math.floor(i / 40))));
  expect(rows.every((row) => row[column('status')] === 'paid')).toBe(true);
  expect(rows[1]![column('urlOrTarget')]).toBe('http://127.0.0.1:9/api/echo?q=4, "quoted"');
  expect(rows[0]![column('timestamp')]).toBe(new Date(now).toISOString());
}
