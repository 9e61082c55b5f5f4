// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChainAccountView, ChainTxView } from '../../messaging/chain-api';
import { MessageError } from '../../messaging/reply';
import { CLIENT, VENDOR_A } from '../test/fixtures';
import { answeringWorker, type SendToWorker } from '../test/worker-mock';
import { TID } from '../testids';
import { FundsScreen } from './FundsScreen';

vi.mock('webextension-polyfill', () => import('../test/fake-browser'));

const sendToWorker = vi.hoisted(() => vi.fn<SendToWorker>());
vi.mock('../../messaging/popup-client', () => ({ sendToWorker }));
afterEach(() => {
  cleanup();
  sendToWorker.mockReset();
});

const CONTRACT = '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512' as const;
const TOKEN = '0x5FbDB2315678afecb367f032d93F642f64180aa3' as const;

function account(overrides: Partial<ChainAccountView> = {}): ChainAccountView {
  return {
    network: { rpcUrl: 'http://127.0.0.1:8545', chainId: 31337, contract: CONTRACT, token: TOKEN },
    facts: { asset: { symbol: 'tUSD', decimals: 6 }, thawPeriodSeconds: 900n, noticePeriodSeconds: 600n, checkedAt: 0 },
    address: CLIENT,
    chainTime: 1_800_000_000n,
    gasBalanceWei: 10n ** 18n,
    tokenBalance: 40_000_000n,
    collateral: 60_000_000n,
    thawing: 0n,
    thawEnd: 0n,
    totalSubscriptions: 1n,
    subscriptions: [{ vendor: VENDOR_A, vendorOrigin: 'https://api.weather.example', endsAt: null }],
    ...overrides,
  };
}

const TXS: ChainTxView[] = [
  { hash: `0x${'11'.repeat(32)}`, action: { kind: 'deposit', atoms: 60_000_000n }, chainId: 31337, status: 'pending', createdAt: 1 },
  { hash: `0x${'22'.repeat(32)}`, action: { kind: 'approve', atoms: 60_000_000n }, chainId: 31337, status: 'mined', createdAt: 0, blockNumber: 4n },
];

function answering(view: ChainAccountView, sent: unknown[] = []) {
  sendToWorker.mockImplementation(
    answeringWorker({
      'chain.account': () => view,
      'chain.transactions': () => TXS,
      'chain.send': (input) => {
        sent.push(input);
        return { hash: `0x${'33'.repeat(32)}` };
      },
    }),
  );
  return sent;
}

describe('FundsScreen', () => {
  it('shows the balances in the token read from the chain, the subscriptions and the transactions', async () => {
    answering(account({ thawing: 20_000_000n, thawEnd: 1_800_000_843n }));
    render(<FundsScreen />);
    expect((await screen.findByTestId(TID.fundsTokenBalance)).textContent).toBe('40 tUSD');
    expect(screen.getByTestId(TID.fundsCollateral).textContent).toBe('40 tUSD'); // free: 60 deposited, 20 thawing
    expect(screen.getByTestId(TID.fundsThawing).textContent).toBe('20 tUSD');
    expect(screen.getByTestId(TID.fundsThawLeft).textContent).toBe('20 tUSD can be withdrawn in 14 min 3 s.');
    expect((screen.getByTestId(TID.withdrawSubmit) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId(TID.subscriptionRow).textContent).toContain('api.weather.example');
    const rows = await screen.findAllByTestId(TID.chainTxRow);
    expect(rows.map((row) => [row.dataset.kind, row.dataset.status])).toEqual([
      ['deposit', 'pending'],
      ['approve', 'mined'],
    ]);
  });

  it('sends a deposit as exact atoms, and refuses amounts it cannot represent without asking the worker', async () => {
    const sent = answering(account());
    render(<FundsScreen />);
    const input = await screen.findByTestId(TID.depositInput);
    fireEvent.change(input, { target: { value: '1.0000001' } });
    fireEvent.click(screen.getByTestId(TID.depositSubmit));
    expect((await screen.findByTestId(TID.formError)).textContent).toMatch(/at most 6 decimal places/);
    fireEvent.change(input, { target: { value: '-3' } });
    fireEvent.click(screen.getByTestId(TID.depositSubmit));
    await waitFor(() => expect(screen.getByTestId(TID.formError).textContent).toMatch(/must be a number like 1.25/));
    expect(sent).toEqual([]);
    fireEvent.change(input, { target: { value: '12.345678' } });
    fireEvent.click(screen.getByTestId(TID.depositSubmit));
    await waitFor(() => expect(sent).toEqual([{ kind: 'deposit', atoms: 12_345_678n }]));
  });

  it('withdraws once the thaw is over, and shows a refusal in words', async () => {
    const sent = answering(account({ thawing: 20_000_000n, thawEnd: 1_800_000_000n }));
    render(<FundsScreen />);
    expect((await screen.findByTestId(TID.fundsThawLeft)).textContent).toBe('20 tUSD can be withdrawn now.');
    fireEvent.click(screen.getByTestId(TID.withdrawSubmit));
    await waitFor(() => expect(sent).toEqual([{ kind: 'withdraw' }]));

    sendToWorker.mockImplementation(
      answeringWorker({
        'chain.account': () => account({ thawing: 20_000_000n, thawEnd: 1_800_000_000n }),
        'chain.transactions': () => [],
        'chain.send': () => Promise.reject(new MessageError('chain_rejected', 'execution reverted')),
      }),
    );
    fireEvent.click(screen.getByTestId(TID.withdrawSubmit));
    expect((await screen.findByTestId(TID.formError)).textContent).toBe('The chain would revert this transaction (or refused it), so nothing was sent.');
  });

  it('says when the chain does not answer', async () => {
    sendToWorker.mockImplementation(
      answeringWorker({
        'chain.account': () => Promise.reject(new MessageError('network_unreachable', 'down')),
        'chain.transactions': () => [],
      }),
    );
    render(<FundsScreen />);
    expect((await screen.findByTestId(TID.errorState)).textContent).toContain("The chain's RPC URL does not answer");
  });
});
