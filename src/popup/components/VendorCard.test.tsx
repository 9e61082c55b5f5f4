// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { vendorSummary } from '../test/fixtures';
import type { SendToWorker } from '../test/worker-mock';
import { TID } from '../testids';
import { VendorCard } from './VendorCard';

const sendToWorker = vi.hoisted(() => vi.fn<SendToWorker>());
vi.mock('../../messaging/popup-client', () => ({ sendToWorker }));

afterEach(() => {
  cleanup();
  sendToWorker.mockReset();
});

describe('VendorCard', () => {
  it('shows budget use, counters and the overcharge warning', () => {
    render(<VendorCard vendor={vendorSummary({ overchargeSuspected: true })} onChanged={() => {}} />);
    const bar = screen.getByTestId(TID.vendorBudgetBar);
    expect(bar.getAttribute('aria-valuenow')).toBe('25'); // 1.2345 of 5 USDC
    expect(bar.getAttribute('aria-valuetext')).toBe('1.2345 USDC of 5 USDC');
    expect(screen.getByText('3.7655 USDC left')).toBeTruthy();
    expect(screen.getByText('0.114 USDC')).toBeTruthy();
    expect(screen.getByTestId(TID.vendorOvercharge)).toBeTruthy();
    expect(screen.getByRole('img').getAttribute('aria-label')).toMatch(/^Spending over time: 0.976 USDC/);
  });

  it('shows what was signed, what receipts charged and what the vendor redeemed on chain', () => {
    const totals = { vendorKey: 'vendor-a', redeemedAtoms: 1_000_000n, redeemedVouchers: 10n, asset: { symbol: 'tUSD', decimals: 6 } };
    render(<VendorCard vendor={vendorSummary()} chainTotals={totals} onChanged={() => {}} />);
    expect(screen.getByTestId(TID.vendorSigned).textContent).toBe('1.2345 USDC');
    expect(screen.getByTestId(TID.vendorCharged).textContent).toBe('1.18 USDC');
    expect(screen.getByTestId(TID.vendorRedeemed).textContent).toBe('1 tUSD');
    cleanup();
    render(<VendorCard vendor={vendorSummary()} chainError="The chain's RPC URL does not answer" onChanged={() => {}} />);
    expect(screen.getByTestId(TID.vendorRedeemed).textContent).toBe('—');
  });

  it('saves edited limits as exact atoms', async () => {
    sendToWorker.mockResolvedValue(vendorSummary());
    const onChanged = vi.fn();
    render(<VendorCard vendor={vendorSummary()} onChanged={onChanged} />);
    fireEvent.click(screen.getByTestId(TID.vendorEdit));
    expect((screen.getByTestId(TID.budgetInput) as HTMLInputElement).value).toBe('5');
    fireEvent.change(screen.getByTestId(TID.budgetInput), { target: { value: '7.000001' } });
    fireEvent.change(screen.getByTestId(TID.voucherInput), { target: { value: '0.5' } });
    fireEvent.click(screen.getByTestId(TID.vendorSave));
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
    expect(sendToWorker).toHaveBeenCalledWith('vendors.setBudget', { vendorKey: 'vendor-a', budgetAtoms: 7_000_001n, maxVoucherAtoms: 500_000n });
  });

  it('revokes only after confirmation', async () => {
    sendToWorker.mockResolvedValue({});
    const onChanged = vi.fn();
    render(<VendorCard vendor={vendorSummary()} onChanged={onChanged} />);
    fireEvent.click(screen.getByTestId(TID.vendorRevoke));
    fireEvent.click(screen.getByTestId(TID.vendorRevokeCancel));
    expect(sendToWorker).not.toHaveBeenCalled();
    fireEvent.click(screen.getByTestId(TID.vendorRevoke));
    fireEvent.click(screen.getByTestId(TID.vendorRevokeConfirm));
    await waitFor(() => expect(onChanged).toHaveBeenCalledOnce());
    expect(sendToWorker).toHaveBeenCalledWith('vendors.revoke', { vendorKey: 'vendor-a' });
  });

  it('shows a hold instead of the budget controls\' silence, and resumes it on request', async () => {
    sendToWorker.mockResolvedValue(vendorSummary());
    const onChanged = vi.fn();
    const hold = {
      reason: 'prices_raised' as const,
      approved: { atomsPerHour: 3_600_000n, atomsPerGB: 2_000_000n },
      offered: { atomsPerHour: 3_600_000_000_000n, atomsPerGB: 2_000_000n, approxCost: 1_500n },
      at: 0,
    };
    render(<VendorCard vendor={vendorSummary({ hold })} onChanged={onChanged} />);
    const notice = screen.getByTestId(TID.vendorHold);
    expect(notice.textContent).toContain('asks 3,600,000 USDC an hour');
    expect(notice.textContent).toContain('you approved 3.6 USDC');
    fireEvent.click(screen.getByTestId(TID.vendorResume));
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
    expect(sendToWorker).toHaveBeenCalledWith('vendors.resume', { vendorKey: 'vendor-a' });
  });
});
