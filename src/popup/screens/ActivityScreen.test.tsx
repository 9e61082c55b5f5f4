// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryTransactionStore } from '../../storage';
import type { Pagination, TransactionFilter, TransactionStore } from '../../storage/interfaces/TransactionStore';
import { TransactionStoreContext } from '../hooks/transaction-store-context';
import { LIVE_REFRESH_DEBOUNCE_MS } from '../hooks/useTransactions';
import { transactionRecord, transactionRecords, vendorSummary, VENDOR_B } from '../test/fixtures';
import { TID } from '../testids';
import { ActivityScreen, PAGE_SIZE } from './ActivityScreen';

const NOW = Date.now();
const VENDORS = [vendorSummary(), vendorSummary({ vendorKey: 'vendor-b', vendor: VENDOR_B, vendorOrigin: 'https://api.search.example' })];

afterEach(() => cleanup());

/** A memory store whose list() calls are recorded, to check the screen never reads everything. */
async function storeWith(count: number) {
  const store = new MemoryTransactionStore({ maxRecords: 200_000, channelName: null });
  await store.createMany(transactionRecords(count, NOW));
  const calls: { filter: TransactionFilter; pagination: Pagination }[] = [];
  const list = store.list.bind(store);
  store.list = (filter, pagination) => {
    calls.push({ filter: filter ?? {}, pagination: pagination ?? {} });
    return list(filter, pagination);
  };
  return { store, calls };
}

function renderActivity(store: TransactionStore) {
  return render(
    <TransactionStoreContext value={store}>
      <ActivityScreen vendors={VENDORS} />
    </TransactionStoreContext>,
  );
}

const rowRefs = () => screen.getAllByTestId(TID.txRow).map((row) => row.getAttribute('data-tx'));

describe('ActivityScreen', () => {
  it('shows the newest page first and pages with prev/next, reading one page at a time', async () => {
    const { store, calls } = await storeWith(120);
    renderActivity(store);
    await waitFor(() => expect(screen.getAllByTestId(TID.txRow)).toHaveLength(PAGE_SIZE));
    expect(rowRefs()[0]).toBe('tx-000000');
    expect(screen.getByTestId(TID.pageInfo).textContent).toBe('1–50 of 120');
    expect((screen.getByTestId(TID.pagePrev) as HTMLButtonElement).disabled).toBe(true);

    fireEvent.click(screen.getByTestId(TID.pageNext));
    fireEvent.click(await screen.findByTestId(TID.pageNext));
    await waitFor(() => expect(screen.getByTestId(TID.pageInfo).textContent).toBe('101–120 of 120'));
    expect(rowRefs()).toHaveLength(20);
    expect(rowRefs()[0]).toBe('tx-000100');
    expect((screen.getByTestId(TID.pageNext) as HTMLButtonElement).disabled).toBe(true);
    expect(calls.every((c) => c.pagination.limit === PAGE_SIZE)).toBe(true);
    expect(calls.map((c) => c.pagination.offset)).toContain(100);
  });

  it('filters by status, vendor and protocol through the store and resets to page one', async () => {
    const { store, calls } = await storeWith(120);
    renderActivity(store);
    await screen.findAllByTestId(TID.txRow);
    fireEvent.click(screen.getByTestId(TID.pageNext));
    await waitFor(() => expect(screen.getByTestId(TID.pageInfo).textContent).toBe('51–100 of 120'));

    const paid = transactionRecords(120, NOW).filter((r) => r.status === 'paid');
    expect(paid.length).toBeGreaterThan(PAGE_SIZE);
    fireEvent.change(screen.getByTestId(TID.filterStatus), { target: { value: 'paid' } });
    await waitFor(() => expect(screen.getByTestId(TID.pageInfo).textContent).toBe(`1–50 of ${paid.length}`));
    expect(rowRefs()[0]).toBe(paid[0]!.clientTxRef);

    fireEvent.change(screen.getByTestId(TID.filterStatus), { target: { value: 'error' } });
    fireEvent.change(screen.getByTestId(TID.filterVendor), { target: { value: VENDOR_B } });
    const expected = transactionRecords(120, NOW).filter((r) => r.status === 'error' && r.channelId === VENDOR_B);
    await waitFor(() => expect(rowRefs()).toEqual(expected.map((r) => r.clientTxRef)));
    expect(screen.getByTestId(TID.pageInfo).textContent).toBe(`1–${expected.length} of ${expected.length}`);
    for (const status of screen.getAllByTestId(TID.txStatus)) expect(status.getAttribute('data-status')).toBe('error');
    expect(calls.at(-1)).toEqual({ filter: { status: 'error', channelId: VENDOR_B }, pagination: { offset: 0, limit: PAGE_SIZE } });

    fireEvent.change(screen.getByTestId(TID.filterProtocol), { target: { value: 'other' } });
    expect((await screen.findByTestId(TID.txEmpty)).textContent).toMatch(/No transactions match/);
    fireEvent.click(screen.getByTestId(TID.filterClear));
    await waitFor(() => expect(screen.getByTestId(TID.pageInfo).textContent).toBe('1–50 of 120'));
  });

  it('limits by time preset and shows a range error instead of querying', async () => {
    const { store } = await storeWith(120);
    renderActivity(store);
    await screen.findAllByTestId(TID.txRow);
    fireEvent.change(screen.getByTestId(TID.filterTime), { target: { value: '1h' } });
    // One record a minute: the last hour holds the records 0..59 minutes old (60, or 61 at the edge).
    await waitFor(() => expect(screen.getByTestId(TID.pageInfo).textContent).toMatch(/of 6[01]$/));

    fireEvent.change(screen.getByTestId(TID.filterTime), { target: { value: 'custom' } });
    fireEvent.change(screen.getByTestId(TID.filterSince), { target: { value: '2030-01-02T00:00' } });
    fireEvent.change(screen.getByTestId(TID.filterUntil), { target: { value: '2030-01-01T00:00' } });
    expect((await screen.findByRole('alert')).textContent).toMatch(/start time is after the end time/);
    expect((screen.getByTestId(TID.exportCsv) as HTMLButtonElement).disabled).toBe(true);
  });

  it('refreshes the current page when the store reports a new record', async () => {
    const { store } = await storeWith(3);
    renderActivity(store);
    await waitFor(() => expect(rowRefs()).toHaveLength(3));
    await act(async () => {
      await store.create({ ...transactionRecord(0, NOW + 60_000), clientTxRef: 'tx-live' });
    });
    // The refresh comes after the debounce: wait for it, with room beyond the debounce.
    await waitFor(() => expect(rowRefs()[0]).toBe('tx-live'), { timeout: LIVE_REFRESH_DEBOUNCE_MS + 2_000 });
    expect(screen.getByTestId(TID.pageInfo).textContent).toBe('1–4 of 4');
  });

  it('opens details for a row, shows the payment and identifiers, and closes on Escape', async () => {
    const { store } = await storeWith(10);
    renderActivity(store);
    const rows = await screen.findAllByTestId(TID.txRow);
    const overcharged = transactionRecord(4, NOW); // i % 17 === 4 is flagged in the fixtures
    fireEvent.click(rows[4]!);
    const details = await screen.findByTestId(TID.txDetails);
    const view = within(details);
    expect(view.getByText(overcharged.clientTxRef)).toBeTruthy();
    expect(view.getByText(overcharged.payment!.nonce.toString())).toBeTruthy();
    expect(view.getByText(/charged more than its stated prices/)).toBeTruthy();
    expect(view.getByText(VENDORS[0]!.vendorOrigin)).toBeTruthy();
    expect(view.getByText(`${overcharged.payment!.cost} `.trim())).toBeTruthy();
    fireEvent.keyDown(screen.getByTestId(TID.txDetailsClose), { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId(TID.txDetails)).toBeNull());
  });

  it('formats costs in asset units, falling back to atoms for unknown vendors', async () => {
    const { store } = await storeWith(1);
    await store.create({ ...transactionRecord(0, NOW - 1), clientTxRef: 'tx-unknown', channelId: '0x0000000000000000000000000000000000000001' });
    renderActivity(store);
    await waitFor(() => expect(screen.getAllByTestId(TID.txCost)).toHaveLength(2));
    const costs = screen.getAllByTestId(TID.txCost).map((cell) => cell.textContent);
    expect(costs).toEqual(['0.001 USDC', '1,000 atoms']);
  });

  it('shows the empty state for an empty history', async () => {
    const { store } = await storeWith(0);
    renderActivity(store);
    expect((await screen.findByTestId(TID.txEmpty)).textContent).toMatch(/No transactions yet/);
    expect(screen.queryByTestId(TID.pageInfo)).toBeNull();
  });

  it('shows an error with retry when the store fails', async () => {
    const { store } = await storeWith(2);
    const list = store.list.bind(store);
    let fail = true;
    store.list = (filter, pagination) => (fail ? Promise.reject(new Error('IndexedDB is closed')) : list(filter, pagination));
    renderActivity(store);
    expect((await screen.findByTestId(TID.errorState)).textContent).toMatch(/IndexedDB is closed/);
    fail = false;
    fireEvent.click(screen.getByTestId(TID.retry));
    await waitFor(() => expect(rowRefs()).toHaveLength(2));
  });
});

vi.mock('../lib/download', () => ({ downloadBlob: vi.fn() }));
