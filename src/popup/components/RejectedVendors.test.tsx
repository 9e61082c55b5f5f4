// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SendToWorker } from '../test/worker-mock';
import { TID } from '../testids';
import { RejectedVendors } from './RejectedVendors';

const sendToWorker = vi.hoisted(() => vi.fn<SendToWorker>());
vi.mock('../../messaging/popup-client', () => ({ sendToWorker }));

afterEach(() => {
  cleanup();
  sendToWorker.mockReset();
});

const VENDOR = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' as const;

describe('RejectedVendors', () => {
  it('lists each declined (vendor, page) and undoes one by forgetting it for that page only', async () => {
    sendToWorker.mockResolvedValue({});
    const onChanged = vi.fn();
    const rejected = [{ vendorKey: 'k1', vendor: VENDOR, vendorOrigin: 'http://127.0.0.1:8402', rejectedOrigins: ['https://a.example', 'https://b.example'] }];
    render(<RejectedVendors rejected={rejected} onChanged={onChanged} />);
    const rows = screen.getAllByTestId(TID.rejectedVendor);
    expect(rows.map((row) => row.getAttribute('data-origin'))).toEqual(['https://a.example', 'https://b.example']);
    fireEvent.click(rows[1]!.querySelector(`[data-testid="${TID.rejectedUndo}"]`)!);
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
    expect(sendToWorker).toHaveBeenCalledWith('vendors.revoke', { vendorKey: 'k1', origin: 'https://b.example' });
  });

  it('shows nothing when nothing was declined', () => {
    const { container } = render(<RejectedVendors rejected={[]} onChanged={() => {}} />);
    expect(container.textContent).toBe('');
  });
});
