// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MessageError } from '../../messaging/reply';
import { pendingApproval } from '../test/fixtures';
import { ERROR_MESSAGES } from '../lib/error-messages';
import { answeringWorker, type SendToWorker } from '../test/worker-mock';
import { TID } from '../testids';
import { ApprovalScreen } from './ApprovalScreen';

const sendToWorker = vi.hoisted(() => vi.fn<SendToWorker>());
vi.mock('../../messaging/popup-client', () => ({ sendToWorker }));
vi.mock('webextension-polyfill', () => import('../test/fake-browser'));

let decideResult: () => Promise<Record<string, never>>;
beforeEach(() => {
  decideResult = () => Promise.resolve({});
  sendToWorker.mockImplementation(
    answeringWorker({
      'approvals.list': () => [pendingApproval({ id: 'other' }), pendingApproval()],
      'approvals.decide': () => decideResult(),
    }),
  );
});
afterEach(() => {
  cleanup();
  sendToWorker.mockReset();
});

const decideCalls = () => sendToWorker.mock.calls.filter(([type]) => type === 'approvals.decide');

describe('ApprovalScreen', () => {
  it('shows who asks, the vendor and its prices in asset units', async () => {
    render(<ApprovalScreen id="appr-1" onDone={() => {}} />);
    expect((await screen.findByTestId(TID.approvalVendor)).textContent).toBe('https://api.search.example');
    expect(screen.getByTestId(TID.approvalPage).textContent).toBe('https://app.example');
    expect(screen.getByText('0.0015 USDC ($0.0015)')).toBeTruthy();
    expect(screen.getByText('3.6 USDC ($3.60)')).toBeTruthy();
    expect((screen.getByTestId(TID.budgetInput) as HTMLInputElement).value).toBe('5');
    expect((screen.getByTestId(TID.voucherInput) as HTMLInputElement).value).toBe('0.1');
  });

  it('approves with the edited limits as exact atoms, then is done', async () => {
    const onDone = vi.fn();
    render(<ApprovalScreen id="appr-1" onDone={onDone} />);
    fireEvent.change(await screen.findByTestId(TID.budgetInput), { target: { value: '12.345678' } });
    fireEvent.change(screen.getByTestId(TID.voucherInput), { target: { value: '0.25' } });
    fireEvent.click(screen.getByTestId(TID.approve));
    await waitFor(() => expect(onDone).toHaveBeenCalledOnce());
    expect(decideCalls()).toEqual([
      ['approvals.decide', { id: 'appr-1', approve: true, budgetAtoms: 12_345_678n, maxVoucherAtoms: 250_000n }],
    ]);
  });

  it('rejects without limits', async () => {
    const onDone = vi.fn();
    render(<ApprovalScreen id="appr-1" onDone={onDone} />);
    fireEvent.click(await screen.findByTestId(TID.reject));
    await waitFor(() => expect(onDone).toHaveBeenCalledOnce());
    expect(decideCalls()).toEqual([['approvals.decide', { id: 'appr-1', approve: false }]]);
  });

  it('does not send limits it cannot represent exactly', async () => {
    render(<ApprovalScreen id="appr-1" onDone={() => {}} />);
    fireEvent.change(await screen.findByTestId(TID.budgetInput), { target: { value: '1.0000001' } });
    fireEvent.click(screen.getByTestId(TID.approve));
    expect((await screen.findByTestId(TID.formError)).textContent).toMatch(/at most 6 decimal places/);
    fireEvent.change(screen.getByTestId(TID.budgetInput), { target: { value: '1' } });
    fireEvent.change(screen.getByTestId(TID.voucherInput), { target: { value: '2' } });
    fireEvent.click(screen.getByTestId(TID.approve));
    expect((await screen.findByTestId(TID.formError)).textContent).toMatch(/cannot exceed the budget/);
    expect(decideCalls()).toEqual([]);
  });

  it("keeps the window open and shows the worker's error when deciding fails", async () => {
    decideResult = () => Promise.reject(new MessageError('wallet_locked', 'the wallet is locked'));
    const onDone = vi.fn();
    render(<ApprovalScreen id="appr-1" onDone={onDone} />);
    fireEvent.click(await screen.findByTestId(TID.approve));
    expect((await screen.findByTestId(TID.formError)).textContent).toBe(ERROR_MESSAGES.wallet_locked);
    expect(onDone).not.toHaveBeenCalled();
  });

  it('says so when the approval no longer exists', async () => {
    render(<ApprovalScreen id="gone" onDone={() => {}} />);
    expect(await screen.findByTestId(TID.approvalMissing)).toBeTruthy();
    expect(screen.queryByTestId(TID.approve)).toBeNull();
  });

  it('asking again after a raise shows the approved prices against the new ones, and the vendor suggestion', async () => {
    sendToWorker.mockImplementation(
      answeringWorker({
        'approvals.list': () => [
          pendingApproval({
            previousPrices: { atomsPerHour: 3_600_000n, atomsPerGB: 2_000_000n },
            prices: { atomsPerHour: 3_600_000n * 1_000_000n, atomsPerGB: 2_000_000n, approxCost: 1_500n },
          }),
        ],
      }),
    );
    render(<ApprovalScreen id="appr-1" onDone={() => {}} />);
    expect(await screen.findByTestId(TID.approvalRepriced)).toBeTruthy();
    expect(screen.getByTestId(TID.approvalPricePerHour).textContent).toBe('3.6 USDC → 3,600,000 USDC ($3,600,000.00)');
    expect(screen.getByTestId(TID.approvalPricePerGB).textContent).toBe('2 USDC ($2.00)');
    expect(screen.getByTestId(TID.approvalSuggested).textContent).toContain('0.05 USDC');
  });

  it('for an asset the wallet does not know, explains and offers only to close (a rejection)', async () => {
    sendToWorker.mockImplementation(
      answeringWorker({
        'approvals.list': () => [pendingApproval({ unknownAsset: true, asset: { symbol: 'atoms', decimals: 0 } })],
        'approvals.decide': () => Promise.resolve({}),
      }),
    );
    const onDone = vi.fn();
    render(<ApprovalScreen id="appr-1" onDone={onDone} />);
    expect((await screen.findByTestId(TID.approvalUnknownAsset)).textContent).toContain('knows no asset there');
    expect(screen.queryByTestId(TID.approve)).toBeNull();
    expect(screen.queryByTestId(TID.budgetInput)).toBeNull();
    fireEvent.click(screen.getByTestId(TID.reject));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(decideCalls()).toEqual([['approvals.decide', { id: 'appr-1', approve: false }]]);
  });
});
