import { expect, test } from './fixtures';
import { expectContiguousVouchers, newestPayment, settledRecords } from './support/assertions';
import { firstPaidRequest, nextApproval, pageFetch, walletOnDemoPage } from './support/flows';

const DATA = '/api/data?bytes=50000';

test('worker killed between requests: the sequence continues, nothing repeats or gets lost', async ({
  context,
  killWorker,
  vendor,
  vendorInfo,
  walletPage,
}) => {
  const { address, demo } = await walletOnDemoPage(context, walletPage, vendorInfo.url);
  expect((await firstPaidRequest(context, demo, DATA, { budget: '1', voucher: '0.002' })).status).toBe(200);
  const nonces: bigint[] = [];
  // Six requests of ≈ 500 atoms each cannot fit one 2,000-atom voucher: new vouchers must follow.
  for (let i = 0; i < 5; i++) {
    await killWorker();
    const response = await pageFetch(demo, DATA);
    expect(response.status).toBe(200);
    nonces.push((await newestPayment(walletPage, i + 2)).nonce);
  }
  expect([...nonces].sort((a, b) => Number(a - b))).toEqual(nonces);
  expect((await expectContiguousVouchers(vendor, address)).length).toBeGreaterThanOrEqual(2);
  const records = await settledRecords(walletPage, 6);
  expect(records.every((record) => record.status === 'paid')).toBe(true);
});

test('worker killed during a stream and during an approval: the stream is paid, the page is answered', async ({
  context,
  killWorker,
  vendor,
  vendorInfo,
  walletPage,
}) => {
  const { address, demo } = await walletOnDemoPage(context, walletPage, vendorInfo.url);

  // Killed while the first request waits on the user: the page keeps asking a fresh worker.
  const first = pageFetch(demo, '/api/echo?q=during-approval');
  const approval = await nextApproval(context);
  await killWorker();
  await approval.approve({ voucher: '0.01' });
  expect((await first).status).toBe(200);

  await demo.evaluate(() => {
    const state = { ticks: 0, done: false, events: [] as string[] };
    (window as unknown as { __stream: typeof state }).__stream = state;
    void fetch('/api/stream?seconds=3').then(async (response) => {
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        for (const line of value.split('\n')) if (line.startsWith('event: ')) state.events.push(line.slice(7));
        state.ticks = state.events.filter((event) => event === 'tick').length;
      }
      state.done = true;
    });
  });
  const stream = () => demo.evaluate(() => (window as unknown as { __stream: { ticks: number; done: boolean; events: string[] } }).__stream);
  await expect.poll(async () => (await stream()).ticks).toBeGreaterThan(2);
  await killWorker();
  await expect.poll(async () => (await stream()).done, { timeout: 20_000 }).toBe(true);
  const { events } = await stream();
  expect(events).toEqual(Array(15).fill('tick'));

  const after = await pageFetch(demo, '/api/echo?q=after-stream');
  expect(after.status).toBe(200);
  await expectContiguousVouchers(vendor, address);
  const records = await settledRecords(walletPage, 3);
  expect(records.map((record) => record.status)).toEqual(['paid', 'paid', 'paid']);
  expect(records.filter((record) => record.stream)).toHaveLength(1);
});
