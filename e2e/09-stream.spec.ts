import { expect, test } from './fixtures';
import { ActivityPage } from './pages/ActivityPage';
import { settledRecords } from './support/assertions';
import { nextApproval, walletOnDemoPage } from './support/flows';

test('streaming route: the page reads every event but never the receipt; the record is paid with stream: true', async ({
  context,
  openPopup,
  vendor,
  vendorInfo,
  walletPage,
}) => {
  const { address, demo } = await walletOnDemoPage(context, walletPage, vendorInfo.url);

  const read = demo.evaluate(async () => {
    const response = await fetch('/api/stream?seconds=2', { headers: { accept: 'text/event-stream' } });
    const text = await new Response(response.body).text();
    return { status: response.status, type: response.headers.get('content-type'), text };
  });
  await (await nextApproval(context)).approve();
  const { status, type, text } = await read;
  expect(status).toBe(200);
  expect(type).toContain('text/event-stream');
  const events = text.split('\n\n').filter(Boolean);
  expect(events).toHaveLength(10);
  events.forEach((event, i) => {
    expect(event).toMatch(/^event: tick\ndata: /);
    expect(JSON.parse(event.split('data: ')[1]!)).toMatchObject({ tick: i + 1, of: 10 });
  });
  expect(text).not.toContain('voucher-receipt');

  const [record] = await settledRecords(walletPage, 1);
  expect(record).toMatchObject({ status: 'paid', stream: true, statusCode: 200 });
  expect((await vendor.charged(address)).charged).toBe(record!.payment!.cost);

  const popup = await openPopup();
  const activity = new ActivityPage(popup);
  await expect(activity.statusOf(activity.rows.first())).toHaveAttribute('data-status', 'paid');
  await expect(await activity.openDetails(activity.rows.first())).toContainText('Streamedyes');
});
