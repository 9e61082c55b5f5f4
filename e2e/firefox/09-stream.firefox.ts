import { TID } from '../../src/popup/testids';
import { settledRecords } from '../support/assertions';
import { createWallet } from '../support/flows';
import { expect, test } from './fixtures';
import { byTestId, clickTestId, openExtensionPage, POPUP_PATH, waitInPage } from './support/firefox';
import { decide, nextApproval } from './support/flows';

// e2e/09-stream.spec.ts on Firefox.
test('Firefox: streaming route: the page reads every event but never the receipt; the record is paid with stream: true', async ({
  firefox,
  vendor,
  vendorInfo,
  walletPage,
}) => {
  const address = await createWallet(walletPage);
  const demo = await firefox.browser.newPage();
  await demo.goto(vendorInfo.url);

  const read = demo.evaluate(async () => {
    const response = await fetch('/api/stream?seconds=2', { headers: { accept: 'text/event-stream' } });
    const text = await new Response(response.body).text();
    return { status: response.status, type: response.headers.get('content-type'), text };
  });
  await decide(await nextApproval(firefox), 'approve');
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

  const popup = await openExtensionPage(firefox, POPUP_PATH);
  await waitInPage(
    popup,
    (selector) => document.querySelector(selector)?.getAttribute('data-status') === 'paid',
    `${byTestId(TID.txRow)} ${byTestId(TID.txStatus)}`,
    'the popup lists the stream as paid',
  );
  await clickTestId(popup, TID.txRow);
  await waitInPage(
    popup,
    (selector) => document.querySelector(selector)?.textContent?.includes('Streamedyes') === true,
    byTestId(TID.txDetails),
    'the details say it streamed',
  );
});
