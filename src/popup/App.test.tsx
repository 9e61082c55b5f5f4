// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WalletStatus, WorkerNotice } from '../messaging/popup-api';
import { MessageError } from '../messaging/reply';
import { toWire } from '../lib/bigint-wire';
import { MemoryTransactionStore } from '../storage';
import { App } from './App';
import { TransactionStoreContext } from './hooks/transaction-store-context';
import { ERROR_MESSAGES } from './lib/error-messages';
import { runtimeListeners } from './test/fake-browser';
import { pendingApproval, walletStatus } from './test/fixtures';
import { answeringWorker, type SendToWorker } from './test/worker-mock';
import { TID } from './testids';

const sendToWorker = vi.hoisted(() => vi.fn<SendToWorker>());
vi.mock('../messaging/popup-client', () => ({ sendToWorker }));
vi.mock('webextension-polyfill', () => import('./test/fake-browser'));

let status: WalletStatus;

beforeEach(() => {
  status = walletStatus({ state: 'locked' });
  sendToWorker.mockImplementation(
    answeringWorker({
      'wallet.status': () => status,
      'wallet.unlock': (input) => {
        if (input.password !== 'right password') throw new MessageError('wrong_password', 'the password is wrong');
        status = { ...status, state: 'unlocked' };
        return { address: status.address! };
      },
      'approvals.list': () => [pendingApproval()],
      'vendors.list': () => [],
      'approvals.decide': () => ({}),
    }),
  );
});
afterEach(() => {
  cleanup();
  sendToWorker.mockReset();
  runtimeListeners.clear();
  window.location.hash = '';
});

function renderApp(closeWindow = vi.fn()) {
  const store = new MemoryTransactionStore({ channelName: null });
  render(
    <TransactionStoreContext value={store}>
      <App closeWindow={closeWindow} />
    </TransactionStoreContext>,
  );
  return closeWindow;
}

describe('App', () => {
  it('asks to unlock first in an approval window, shows the worker error, then the approval, then closes', async () => {
    window.location.hash = '#/approve/appr-1';
    const closeWindow = renderApp();
    fireEvent.change(await screen.findByTestId(TID.password), { target: { value: 'wrong' } });
    fireEvent.click(screen.getByTestId(TID.unlock));
    expect((await screen.findByTestId(TID.formError)).textContent).toBe(ERROR_MESSAGES.wrong_password);

    fireEvent.change(screen.getByTestId(TID.password), { target: { value: 'right password' } });
    fireEvent.click(screen.getByTestId(TID.unlock));
    fireEvent.click(await screen.findByTestId(TID.approve));
    await waitFor(() => expect(closeWindow).toHaveBeenCalledOnce());
    expect(sendToWorker).toHaveBeenCalledWith('approvals.decide', {
      id: 'appr-1',
      approve: true,
      budgetAtoms: 5_000_000n,
      maxVoucherAtoms: 100_000n,
    });
  });

  it('shows onboarding for a new wallet', async () => {
    status = walletStatus({ state: 'uninitialized' });
    renderApp();
    expect(await screen.findByTestId(TID.onboardingCreate)).toBeTruthy();
  });

  it('the welcome tab: unlock says a page asked to pay, then ends on the ready screen with the address', async () => {
    window.location.hash = '#/welcome';
    renderApp();
    expect((await screen.findByText(/A page asked to pay/)).textContent).toMatch(/Unlock the wallet/);
    fireEvent.change(screen.getByTestId(TID.password), { target: { value: 'right password' } });
    fireEvent.click(screen.getByTestId(TID.unlock));
    expect((await screen.findByTestId(TID.welcomeAddress)).textContent).toBe(status.address);
    expect(screen.queryByTestId(TID.tabActivity)).toBeNull();
    fireEvent.click(screen.getByText('Open the wallet here'));
    expect(await screen.findByTestId(TID.tabActivity)).toBeTruthy();
  });

  it('follows worker notices: a lock elsewhere returns to the unlock screen', async () => {
    status = walletStatus({ paused: true });
    renderApp();
    expect(await screen.findByTestId(TID.pausedBanner)).toBeTruthy();
    status = walletStatus({ state: 'locked' });
    const notice: WorkerNotice = { channel: 'notice', type: 'wallet.changed', status };
    runtimeListeners.forEach((listener) => listener(toWire(notice)));
    expect(await screen.findByTestId(TID.unlock)).toBeTruthy();
  });

  it('reviews a pending approval from the banner and returns to the main screen without closing', async () => {
    status = walletStatus({ pendingApprovals: 1 });
    const closeWindow = renderApp();
    fireEvent.click(await screen.findByTestId(TID.approvalsReview));
    fireEvent.click(await screen.findByTestId(TID.reject));
    await waitFor(() => expect(screen.queryByTestId(TID.approvalScreen)).toBeNull());
    expect(await screen.findByTestId(TID.tabActivity)).toBeTruthy();
    expect(closeWindow).not.toHaveBeenCalled();
    expect(sendToWorker).toHaveBeenCalledWith('approvals.decide', { id: 'appr-1', approve: false });
  });
});
