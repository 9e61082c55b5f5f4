import { generatePrivateKey } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVendor, type RunningVendor } from './server';
import { startTestPostgres, type PostgresForTests } from '../engine/sql/postgres-cluster';
import { VoucherClient, adminStats, adminView } from './testing/voucher-client';

const postgres = await startTestPostgres();
const skipReason = typeof postgres === 'string' ? postgres : undefined;
if (skipReason) console.warn(`skipping PostgreSQL tests: ${skipReason}`);
const pg = typeof postgres === 'string' ? undefined : (postgres as PostgresForTests);

afterAll(async () => pg?.stop());

describe.skipIf(!pg)('two vendor instances on one PostgreSQL', () => {
  const PRICES = { atomsPerHour: 3_600_000n, atomsPerGB: 1_000_000_000n };
  const privateKey = generatePrivateKey();
  let a: RunningVendor;
  let b: RunningVendor;

  beforeAll(async () => {
    const options = {
      port: 0,
      store: 'postgres' as const,
      databaseUrl: pg!.url,
      privateKey,
      prices: PRICES,
      oracle: { demoCollateral: 1_000_000_000n },
    };
    [a, b] = await Promise.all([startVendor(options), startVendor(options)]);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('cannot over-spend one client between them', async () => {
    const atoms = 1000n;
    const client = new VoucherClient(a);
    const header = client.header(await client.sign(0n, atoms));
    const atB = new VoucherClient(b);
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        (i % 2 ? atB : client).request(`/api/echo?q=${i}`, header),
      ),
    );
    const paid = answers.filter((answer) => answer.status === 200);
    expect(paid.length).toBeGreaterThan(0);
    expect(paid.some((answer) => answer.receipt!.vendor === b.vendor)).toBe(true);
    for (const answer of answers.filter((x) => x.status !== 200)) {
      expect(answer.requirements?.error.code).toBe('insufficient_credit');
    }
    const charged = paid.reduce((sum, answer) => sum + answer.receipt!.cost, 0n);
    expect(charged).toBeLessThanOrEqual(atoms);

    const viewA = await adminView(a.url, client.address);
    expect(await adminView(b.url, client.address)).toEqual(viewA);
    const spent = (viewA.vouchers as { atoms: string; spent: boolean }[]).filter((v) => v.spent);
    const spentAtoms = spent.reduce((sum, v) => sum + BigInt(v.atoms), 0n);
    expect(spentAtoms + BigInt(viewA.unmarked as string)).toBe(charged);
    const key = client.address.toLowerCase();
    const [statsA, statsB] = await Promise.all([adminStats(a.url), adminStats(b.url)]);
    expect(BigInt(statsA.clients[key]?.charged ?? '0') + BigInt(statsB.clients[key]?.charged ?? '0')).toBe(charged);
  });
});
