// @vitest-environment happy-dom
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WalletStatus, WorkerNotice } from '../messaging/popup-api';
import { toWire } from '../lib/bigint-wire';
import { MemoryTransactionStore } from '../storage';
import { App } from './App';
import { PopupStartupContext } from './hooks/startup-context';
import { TransactionStoreContext } from './hooks/transaction-store-context';
import { ACTIVITY_PAGE_SIZE, pageReadKey } from './lib/activity-filter';
import { changesFirstPage, startPopupReads, type PopupStartup } from './startup';
import { runtimeListeners } from './test/fake-browser';
import { transactionRecord, transactionRecords, walletStatus } from './test/fixtures';
import { answeringWorker, type SendToWorker } from './test/worker-mock';
import { TID } from './testids';

const sendToWorker = vi.hoisted(() => vi.fn<SendToWorker>());
vi.mock('../messaging/popup-client', () => ({ sendToWorker }));
vi.mock('webextension-polyfill', () => import('./test/fake-browser'));

const NOW = Date.now();
const FIRST_PAGE = pageReadKey({}, 0, ACTIVITY_PAGE_SIZE);
let status: WalletStatus;

beforeEach(() => {
  status = walletStatus();
  sendToWorker.mockImplementation(answeringWorker({ 'wallet.status': () => status, 'vendors.list': () => [] }));
});
afterEach(() => {
  cleanup();
  sendToWorker.mockReset();
  runtimeListeners.clear();
});

async function storeWith(count: number) {
  const store = new MemoryTransactionStore({ channelName: null, flushDelayMs: 0 });
  await store.createMany(transactionRecords(count, NOW));
  const list = vi.spyOn(store, 'list');
  return { store, list };
}

function renderApp(store: MemoryTransactionStore, startup: PopupStartup) {
  render(
    <TransactionStoreContext value={store}>
      <PopupStartupContext value={startup}>
        <App />
      </PopupStartupContext>
    </TransactionStoreContext>,
  );
}

const statusRequests = () => sendToWorker.mock.calls.filter(([type]) => type === 'wallet.status').length;

describe('popup startup reads', () => {
  it('asks for the wallet status and reads the first page side by side, not one after the other', async () => {
    const { store, list } = await storeWith(10);
    let answer: (value: WalletStatus) => void = () => {};
    sendToWorker.mockImplementationOnce(() => new Promise<WalletStatus>((resolve) => (answer = resolve)));
    const startup = startPopupReads(store, '', sendToWorker);
    await Promise.resolve();
    expect(sendToWorker).toHaveBeenCalledWith('wallet.status', {});
    expect(list).toHaveBeenCalledWith({}, { offset: 0, limit: ACTIVITY_PAGE_SIZE });
    expect((await startup.firstPage!.promise).total).toBe(10); // in while the status is still out
    expect(startup.walletStatus!.peek('wallet.status')).toBeUndefined();
    answer(status);
    expect(await startup.walletStatus!.promise).toEqual(status);
  });

  it('reads no history for an approval window', async () => {
    const { store, list } = await storeWith(3);
    const startup = startPopupReads(store, '#/approve/appr-1', sendToWorker);
    await startup.walletStatus!.promise;
    expect(startup.firstPage).toBeUndefined();
    expect(list).not.toHaveBeenCalled();
  });

  it('renders the rows with the main screen when both reads are in, and reads neither again', async () => {
    const { store, list } = await storeWith(120);
    const startup = startPopupReads(store, '', sendToWorker);
    await Promise.all([startup.walletStatus!.promise, startup.firstPage!.promise]);
    renderApp(store, startup);
    // No waiting: the first commit already has the rows.
    expect(screen.getAllByTestId(TID.txRow)).toHaveLength(ACTIVITY_PAGE_SIZE);
    expect(screen.getByTestId(TID.pageInfo).textContent).toBe('1–50 of 120');
    await waitFor(() => expect(sendToWorker).toHaveBeenCalledWith('vendors.list', {}));
    expect(statusRequests()).toBe(1);
    expect(list).toHaveBeenCalledOnce();
  });

  it('waits for a first page still in flight instead of reading it twice', async () => {
    const { store, list } = await storeWith(5);
    const startup = startPopupReads(store, '', sendToWorker);
    await startup.walletStatus!.promise;
    renderApp(store, startup);
    expect(await screen.findAllByTestId(TID.txRow)).toHaveLength(5);
    expect(list).toHaveBeenCalledOnce();
  });

  it('reads again when a record arrives between the early read and the screen', async () => {
    const { store, list } = await storeWith(5);
    const startup = startPopupReads(store, '', sendToWorker);
    await startup.firstPage!.promise;
    await store.create({ ...transactionRecord(0, NOW + 60_000), clientTxRef: 'tx-new' });
    await waitFor(() => expect(startup.firstPage!.peek(FIRST_PAGE)).toBeUndefined());
    renderApp(store, startup);
    await waitFor(() => expect(screen.getAllByTestId(TID.txRow)[0]!.getAttribute('data-tx')).toBe('tx-new'));
    expect(screen.getAllByTestId(TID.txRow)).toHaveLength(6);
    expect(list).toHaveBeenCalledTimes(2);
  });

  it('asks for the status again when the worker announces a change before the screen mounts', async () => {
    const { store } = await storeWith(1);
    const startup = startPopupReads(store, '', sendToWorker);
    await startup.walletStatus!.promise; // unlocked
    status = walletStatus({ state: 'locked' });
    const notice: WorkerNotice = { channel: 'notice', type: 'wallet.changed', status };
    runtimeListeners.forEach((listener) => listener(toWire(notice)));
    expect(runtimeListeners.size).toBe(0); // the early listener is gone once it has done its job
    renderApp(store, startup);
    expect(await screen.findByTestId(TID.unlock)).toBeTruthy();
    expect(screen.queryByTestId(TID.tabActivity)).toBeNull();
    expect(statusRequests()).toBe(2);
  });

  it('keeps the early page when the worker updates a record that is not on it', async () => {
    const { store, list } = await storeWith(80); // tx-000000 newest … tx-000079 oldest
    const startup = startPopupReads(store, '', sendToWorker);
    await store.update('tx-000070', { status: 'error', errorCode: 'interrupted' }); // while the read is in flight
    await startup.firstPage!.promise;
    // Subscribed after the startup's own listener: once this one has the event, the startup has judged it.
    const judged = new Promise<void>((resolve) =>
      store.subscribe((event) => event.type === 'updated' && event.record.clientTxRef === 'tx-000075' && resolve()),
    );
    await store.update('tx-000075', { status: 'error', errorCode: 'interrupted' });
    await judged;
    expect(startup.firstPage!.peek(FIRST_PAGE)).toMatchObject({ ok: true });
    renderApp(store, startup);
    expect(screen.getAllByTestId(TID.txRow)).toHaveLength(ACTIVITY_PAGE_SIZE);
    expect(list).toHaveBeenCalledOnce();
  });

  it('reads again when a record on the early page is updated before the screen mounts', async () => {
    const { store, list } = await storeWith(80);
    const startup = startPopupReads(store, '', sendToWorker);
    await startup.firstPage!.promise;
    await store.update('tx-000003', { status: 'error', errorCode: 'interrupted' });
    await waitFor(() => expect(startup.firstPage!.peek(FIRST_PAGE)).toBeUndefined());
    renderApp(store, startup);
    await waitFor(() => expect(list).toHaveBeenCalledTimes(2));
    await waitFor(() =>
      expect(screen.getAllByTestId(TID.txRow).find((row) => row.getAttribute('data-tx') === 'tx-000003')?.textContent).toMatch(/error|failed/i),
    );
  });
});

describe('changesFirstPage', () => {
  const page = { items: transactionRecords(ACTIVITY_PAGE_SIZE, NOW), total: 80, hasMore: true };
  const oldest = page.items[ACTIVITY_PAGE_SIZE - 1]!;
  it.each([
    ['a new record', { type: 'created' as const, record: transactionRecord(99, NOW - 10 ** 9) }, true],
    ['a clear', { type: 'cleared' as const }, true],
    ['an update of a record on the page', { type: 'updated' as const, record: { ...page.items[7]!, status: 'error' as const } }, true],
    ['an update that moves a record onto the page', { type: 'updated' as const, record: { ...transactionRecord(70, NOW), timestamp: NOW + 1 } }, true],
    ['an update tied with the last row, sorting before it', { type: 'updated' as const, record: { ...transactionRecord(70, NOW), timestamp: oldest.timestamp, clientTxRef: 'tx-zzz' } }, true],
    ['an update of an older record', { type: 'updated' as const, record: transactionRecord(70, NOW) }, false],
  ])('%s: %s', (_label, event, expected) => {
    expect(changesFirstPage(event, page)).toBe(expected);
  });

  it('treats any update as a change to a page that is not full', () => {
    expect(changesFirstPage({ type: 'updated', record: transactionRecord(70, NOW) }, { ...page, items: page.items.slice(0, 3), total: 3 })).toBe(true);
  });
});
