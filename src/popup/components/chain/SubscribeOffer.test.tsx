// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SubscriptionOffer } from '../../../messaging/chain-api';
import { MessageError } from '../../../messaging/reply';
import { VENDOR_B } from '../../test/fixtures';
import { answeringWorker, type SendToWorker } from '../../test/worker-mock';
import { TID } from '../../testids';
import { SubscribeOffer } from './SubscribeOffer';

vi.mock('webextension-polyfill', () => import('../../test/fake-browser'));

const sendToWorker = vi.hoisted(() => vi.fn<SendToWorker>());
vi.mock('../../../messaging/popup-client', () => ({ sendToWorker }));
afterEach(() => {
  cleanup();
  sendToWorker.mockReset();
});

const CONTRACT = '0x000000000000000000000000000000000000dEaD' as const;
const asset = { symbol: 'tUSD', decimals: 6 };
const notSubscribed: SubscriptionOffer = { sameNetwork: true, subscribed: false, freeCollateral: 70_000_000n, totalSubscriptions: 1n, asset, noticePeriodSeconds: 600n };

function renderOffer() {
  render(<SubscribeOffer vendor={VENDOR_B} chainId={31337n} verifyingContract={CONTRACT} />);
}

describe('SubscribeOffer', () => {
  it('offers to subscribe and says how the subscriptions share the collateral', async () => {
    let offer = notSubscribed;
    sendToWorker.mockImplementation(
      answeringWorker({
        'chain.subscriptionOffer': () => offer,
        'chain.send': () => {
          offer = { ...offer, subscribed: true, totalSubscriptions: 2n };
          return { hash: `0x${'ab'.repeat(32)}` };
        },
      }),
    );
    renderOffer();
    const card = await screen.findByTestId(TID.subscribeOffer);
    expect(card.dataset.state).toBe('not-subscribed');
    // 70 tUSD over 2 subscriptions (the one it has and this one) plus a margin of 5: 10 tUSD per vendor.
    expect(card.textContent).toContain('about 10 tUSD of credit per vendor');
    expect(card.textContent).toContain('counting for 10 min,');
    fireEvent.click(screen.getByTestId(TID.subscribeOfferSubmit));
    await waitFor(() => expect(screen.getByTestId(TID.subscribeOffer).dataset.state).toBe('subscribed'));
    expect(sendToWorker.mock.calls.filter(([type]) => type === 'chain.send')).toEqual([['chain.send', { kind: 'subscribe', vendor: VENDOR_B }]]);
  });

  it('shows the worker refusing the subscription and keeps the offer', async () => {
    sendToWorker.mockImplementation(
      answeringWorker({
        'chain.subscriptionOffer': () => notSubscribed,
        'chain.send': () => Promise.reject(new MessageError('wallet_locked', 'locked')),
      }),
    );
    renderOffer();
    fireEvent.click(await screen.findByTestId(TID.subscribeOfferSubmit));
    expect((await screen.findByTestId(TID.formError)).textContent).toBe('The wallet is locked.');
    expect(screen.getByTestId(TID.subscribeOffer).dataset.state).toBe('not-subscribed');
  });

  it('offers nothing for a vendor on another network, and stays quiet when the chain does not answer', async () => {
    sendToWorker.mockImplementation(answeringWorker({ 'chain.subscriptionOffer': () => ({ ...notSubscribed, sameNetwork: false }) }));
    renderOffer();
    expect((await screen.findByTestId(TID.subscribeOffer)).dataset.state).toBe('other-network');
    expect(screen.queryByTestId(TID.subscribeOfferSubmit)).toBeNull();
    cleanup();
    sendToWorker.mockImplementation(answeringWorker({ 'chain.subscriptionOffer': () => Promise.reject(new MessageError('network_unreachable', 'down')) }));
    renderOffer();
    expect((await screen.findByTestId(TID.subscribeOffer)).dataset.state).toBe('unknown');
    expect(screen.queryByTestId(TID.formError)).toBeNull();
  });
});
