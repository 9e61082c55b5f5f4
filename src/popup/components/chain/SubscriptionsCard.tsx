import { useState } from 'react';
import type { ChainAccountView } from '../../../messaging/chain-api';
import { sendToWorker } from '../../../messaging/popup-client';
import { errorText } from '../../lib/error-messages';
import { formatSecondsLeft, shortAddress } from '../../lib/format';
import { TID } from '../../testids';
import { FormError } from '../StateViews';

/** The vendors this key is subscribed to on chain, and what an unsubscription's notice period means. */
export function SubscriptionsCard({ account }: { account: ChainAccountView }) {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState<string>();
  const notice = formatSecondsLeft(account.facts.noticePeriodSeconds);

  async function unsubscribe(vendor: ChainAccountView['subscriptions'][number]['vendor']) {
    setBusy(vendor);
    setError(undefined);
    try {
      await sendToWorker('chain.send', { kind: 'unsubscribe', vendor });
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBusy(undefined);
    }
  }

  return (
    <div className="card">
      <h3 className="card-title">Subscriptions</h3>
      <p className="muted small">
        A vendor serves you on credit only while you are subscribed to it. Every subscription shares the same collateral: each vendor
        extends at most your collateral divided by your subscriptions plus its own safety margin. An unsubscription still counts for the
        notice period ({notice}), so vendors can redeem what you signed before you leave.
      </p>
      {account.subscriptions.length === 0 ? (
        <p className="small" data-testid={TID.subscriptionsEmpty}>
          Not subscribed to any vendor.
        </p>
      ) : (
        <ul className="subscriptions">
          {account.subscriptions.map((subscription) => (
            <li key={subscription.vendor} className="subscription" data-testid={TID.subscriptionRow} data-vendor={subscription.vendor}>
              <div>
                <strong>{subscription.vendorOrigin?.replace(/^https?:\/\//, '') ?? shortAddress(subscription.vendor)}</strong>
                <span className="mono muted small" title={subscription.vendor}>
                  {' '}
                  {shortAddress(subscription.vendor)}
                </span>
                <p className="muted small">
                  {subscription.endsAt === null
                    ? 'Subscribed'
                    : `Ending: counts for ${formatSecondsLeft(subscription.endsAt - account.chainTime)} more`}
                </p>
              </div>
              {subscription.endsAt === null && (
                <button
                  type="button"
                  className="btn btn-secondary btn-small"
                  disabled={busy !== undefined}
                  onClick={() => void unsubscribe(subscription.vendor)}
                  data-testid={TID.unsubscribe}
                >
                  {busy === subscription.vendor ? 'Sending…' : 'Unsubscribe'}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <FormError message={error} />
    </div>
  );
}
