import { useCallback, useEffect, useState } from 'react';
import type { Address } from 'viem';
import type { SubscriptionOffer } from '../../../messaging/chain-api';
import { sendToWorker } from '../../../messaging/popup-client';
import { DEFAULT_EXPAND_RISK, riskCapOf } from '../../../protocol';
import { useWorkerNotice } from '../../hooks/useWorkerNotice';
import { errorText } from '../../lib/error-messages';
import { formatAmount, formatSecondsLeft } from '../../lib/format';
import { TID } from '../../testids';
import { FormError } from '../StateViews';

interface Props {
  vendor: Address;
  chainId: bigint;
  verifyingContract: Address;
}

/**
 * In the approval window: a vendor serves only clients subscribed to it on chain, so when this key
 * is not, offer to subscribe here, and say how subscriptions share the collateral's cover.
 */
export function SubscribeOffer({ vendor, chainId, verifyingContract }: Props) {
  const [offer, setOffer] = useState<SubscriptionOffer>();
  const [loadError, setLoadError] = useState<string>();
  const [error, setError] = useState<string>();
  const [sending, setSending] = useState<'idle' | 'sending' | 'sent'>('idle');

  const load = useCallback(async () => {
    try {
      setOffer(await sendToWorker('chain.subscriptionOffer', { vendor, chainId, verifyingContract }));
      setLoadError(undefined);
    } catch (failure) {
      setLoadError(errorText(failure));
    }
  }, [vendor, chainId, verifyingContract]);
  useEffect(() => void load(), [load]);
  useWorkerNotice((notice) => {
    if (notice.type === 'chain.changed') void load();
  });

  if (!offer) {
    // The approval does not depend on it: a chain that does not answer only hides the offer.
    if (!loadError) return null;
    return (
      <p className="muted small" data-testid={TID.subscribeOffer} data-state="unknown">
        Could not check your subscription to this vendor: {loadError}
      </p>
    );
  }
  if (!offer.sameNetwork) {
    return (
      <p className="muted small" data-testid={TID.subscribeOffer} data-state="other-network">
        This vendor takes vouchers on chain {chainId.toString()}, not on your wallet's network: check Account → Network.
      </p>
    );
  }
  const asset = offer.asset;
  if (offer.subscribed) {
    return (
      <p className="notice small" data-testid={TID.subscribeOffer} data-state="subscribed">
        You are subscribed to this vendor on chain ({offer.totalSubscriptions.toString()} subscription
        {offer.totalSubscriptions === 1n ? '' : 's'} in all).
      </p>
    );
  }

  const after = offer.totalSubscriptions + 1n;
  const cap = riskCapOf(offer.freeCollateral, after, DEFAULT_EXPAND_RISK);
  async function subscribe() {
    setSending('sending');
    setError(undefined);
    try {
      await sendToWorker('chain.send', { kind: 'subscribe', vendor });
      setSending('sent');
      await load();
    } catch (failure) {
      setError(errorText(failure));
      setSending('idle');
    }
  }

  return (
    <div className="card subscribe-offer" data-testid={TID.subscribeOffer} data-state="not-subscribed">
      <h3 className="card-title">Subscribe to this vendor</h3>
      <p className="small">
        This vendor serves on credit only keys subscribed to it on chain. Subscribing costs gas, not tokens; unsubscribing later keeps
        counting for {offer.noticePeriodSeconds === undefined ? 'the notice period' : formatSecondsLeft(offer.noticePeriodSeconds)}, so the
        vendor can still redeem what you signed.
      </p>
      <p className="muted small">
        All your subscriptions share one collateral: a vendor extends at most your collateral divided by your subscriptions plus its own
        safety margin (commonly {DEFAULT_EXPAND_RISK.toString()}). With {formatAmount(offer.freeCollateral, asset)} deposited and{' '}
        {after.toString()} subscription{after === 1n ? '' : 's'}, that is about {formatAmount(cap, asset)} of credit per vendor.
      </p>
      <FormError message={error} />
      <button type="button" className="btn btn-secondary btn-block" onClick={() => void subscribe()} disabled={sending !== 'idle'} data-testid={TID.subscribeOfferSubmit}>
        {sending === 'sending' ? 'Subscribing…' : sending === 'sent' ? 'Subscription sent' : 'Subscribe on chain'}
      </button>
      {sending === 'sent' && (
        <p className="muted small" data-testid={TID.subscribeOfferStatus}>
          Sent; waiting for it to be mined. You can approve meanwhile.
        </p>
      )}
    </div>
  );
}
