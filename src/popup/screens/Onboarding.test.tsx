// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MessageError } from '../../messaging/reply';
import { ERROR_MESSAGES } from '../lib/error-messages';
import type { SendToWorker } from '../test/worker-mock';
import { TID } from '../testids';
import { Onboarding } from './Onboarding';

const sendToWorker = vi.hoisted(() => vi.fn<SendToWorker>());
vi.mock('../../messaging/popup-client', () => ({ sendToWorker }));

afterEach(() => {
  cleanup();
  sendToWorker.mockReset();
});

const type = (testId: string, value: string) => fireEvent.change(screen.getByTestId(testId), { target: { value } });
const KEY = '0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318';

describe('Onboarding', () => {
  it('refuses a short password without calling the worker', async () => {
    render(<Onboarding onDone={() => {}} />);
    fireEvent.click(screen.getByTestId(TID.onboardingCreate));
    type(TID.password, 'short');
    type(TID.passwordConfirm, 'short');
    expect(screen.getByTestId(TID.passwordStrength).textContent).toMatch(/at least 8/);
    fireEvent.click(screen.getByTestId(TID.onboardingSubmit));
    expect((await screen.findByTestId(TID.formError)).textContent).toMatch(/at least 8 characters/);
    expect(sendToWorker).not.toHaveBeenCalled();
  });

  it('refuses mismatched passwords', async () => {
    render(<Onboarding onDone={() => {}} />);
    fireEvent.click(screen.getByTestId(TID.onboardingCreate));
    type(TID.password, 'long enough pass');
    type(TID.passwordConfirm, 'long enough pas');
    expect(screen.getByText('Does not match yet.')).toBeTruthy();
    fireEvent.click(screen.getByTestId(TID.onboardingSubmit));
    expect((await screen.findByTestId(TID.formError)).textContent).toMatch(/do not match/);
    expect(sendToWorker).not.toHaveBeenCalled();
  });

  it('creates a wallet with a valid password and reports done', async () => {
    sendToWorker.mockResolvedValue({ address: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed' });
    const onDone = vi.fn();
    render(<Onboarding onDone={onDone} />);
    fireEvent.click(screen.getByTestId(TID.onboardingCreate));
    type(TID.password, 'Tr0ub4dor&3xyz');
    type(TID.passwordConfirm, 'Tr0ub4dor&3xyz');
    expect(screen.getByTestId(TID.passwordStrength).textContent).toMatch(/Strong/);
    fireEvent.click(screen.getByTestId(TID.onboardingSubmit));
    await waitFor(() => expect(onDone).toHaveBeenCalledOnce());
    expect(sendToWorker).toHaveBeenCalledWith('wallet.create', { password: 'Tr0ub4dor&3xyz' });
  });

  it('validates the private key before importing, then imports it trimmed', async () => {
    sendToWorker.mockResolvedValue({ address: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed' });
    const onDone = vi.fn();
    render(<Onboarding onDone={onDone} />);
    fireEvent.click(screen.getByTestId(TID.onboardingImport));
    type(TID.privateKey, '0x1234');
    type(TID.password, 'long enough pass');
    type(TID.passwordConfirm, 'long enough pass');
    fireEvent.click(screen.getByTestId(TID.onboardingSubmit));
    expect((await screen.findByTestId(TID.formError)).textContent).toMatch(/64 hexadecimal digits/);
    expect(sendToWorker).not.toHaveBeenCalled();

    type(TID.privateKey, `  ${KEY}\n`);
    fireEvent.click(screen.getByTestId(TID.onboardingSubmit));
    await waitFor(() => expect(onDone).toHaveBeenCalledOnce());
    expect(sendToWorker).toHaveBeenCalledWith('wallet.import', { privateKey: KEY, password: 'long enough pass' });
  });

  it("shows the worker's error and stays on the form", async () => {
    sendToWorker.mockRejectedValue(new MessageError('wallet_exists', 'a wallet already exists'));
    const onDone = vi.fn();
    render(<Onboarding onDone={onDone} />);
    fireEvent.click(screen.getByTestId(TID.onboardingCreate));
    type(TID.password, 'long enough pass');
    type(TID.passwordConfirm, 'long enough pass');
    fireEvent.click(screen.getByTestId(TID.onboardingSubmit));
    expect((await screen.findByTestId(TID.formError)).textContent).toBe(ERROR_MESSAGES.wallet_exists);
    expect(onDone).not.toHaveBeenCalled();
    expect((screen.getByTestId(TID.onboardingSubmit) as HTMLButtonElement).disabled).toBe(false);
  });
});
