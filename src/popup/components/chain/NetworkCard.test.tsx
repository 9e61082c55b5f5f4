// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { NetworkConfig, NetworkView } from '../../../messaging/chain-api';
import { MessageError } from '../../../messaging/reply';
import { answeringWorker, type SendToWorker } from '../../test/worker-mock';
import { TID } from '../../testids';
import { NetworkCard } from './NetworkCard';

vi.mock('webextension-polyfill', () => import('../../test/fake-browser'));

const sendToWorker = vi.hoisted(() => vi.fn<SendToWorker>());
vi.mock('../../../messaging/popup-client', () => ({ sendToWorker }));
afterEach(() => {
  cleanup();
  sendToWorker.mockReset();
});

const config: NetworkConfig = {
  rpcUrl: 'http://127.0.0.1:8545',
  chainId: 31337,
  contract: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512',
  token: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
};
const view: NetworkView = { config, isDefault: true, facts: { asset: { symbol: 'tUSD', decimals: 6 }, thawPeriodSeconds: 900n, noticePeriodSeconds: 600n, checkedAt: 0 } };

describe('NetworkCard', () => {
  it('shows the network and the asset read from its token', async () => {
    sendToWorker.mockImplementation(answeringWorker({ 'network.get': () => view }));
    render(<NetworkCard />);
    expect((await screen.findByTestId(TID.networkAsset)).textContent).toBe('tUSD, 6 decimals (read from the token)');
    expect(screen.getByTestId(TID.networkRpc).textContent).toBe(config.rpcUrl);
    expect(screen.getByTestId(TID.networkCard).textContent).toContain('thaw 15 min, notice 10 min');
  });

  it('saves what was typed once the worker checked it, and shows its refusal otherwise', async () => {
    const saved: NetworkConfig[] = [];
    let refuse = true;
    sendToWorker.mockImplementation(
      answeringWorker({
        'network.get': () => view,
        'network.set': (input) => {
          if (refuse) return Promise.reject(new MessageError('network_chain_mismatch', 'chain 1'));
          saved.push(input);
          return { ...view, config: input, isDefault: false };
        },
      }),
    );
    render(<NetworkCard />);
    fireEvent.click(await screen.findByTestId(TID.networkEdit));
    fireEvent.change(screen.getByTestId(TID.networkChainId), { target: { value: 'x1' } });
    fireEvent.click(screen.getByTestId(TID.networkSave));
    expect((await screen.findByTestId(TID.formError)).textContent).toBe('The chain id is a whole number, like 31337.');
    fireEvent.change(screen.getByTestId(TID.networkChainId), { target: { value: '1' } });
    fireEvent.click(screen.getByTestId(TID.networkSave));
    await waitFor(() => expect(screen.getByTestId(TID.formError).textContent).toBe('The RPC URL serves another chain than the chain id entered.'));
    refuse = false;
    fireEvent.change(screen.getByTestId(TID.networkRpc), { target: { value: ' http://127.0.0.1:9545 ' } });
    fireEvent.change(screen.getByTestId(TID.networkChainId), { target: { value: '31337' } });
    fireEvent.click(screen.getByTestId(TID.networkSave));
    await waitFor(() => expect(saved).toEqual([{ ...config, rpcUrl: 'http://127.0.0.1:9545' }]));
    expect(await screen.findByTestId(TID.networkEdit)).toBeTruthy();
  });
});
